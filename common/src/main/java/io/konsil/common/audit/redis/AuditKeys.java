package io.konsil.common.audit.redis;

/** The trail's keys: all with the hash tag {audit}, one hash slot (multi-key functions work on a Cluster). */
final class AuditKeys {
  static final String HEAD = "konsil:{audit}:head";
  static final String ENTRIES = "konsil:{audit}:entries";

  private AuditKeys() {}

  static String patient(String id) {
    return "konsil:{audit}:patient:" + id;
  }

  static String actor(String id) {
    return "konsil:{audit}:actor:" + id;
  }

  static String hospital(String code) {
    return "konsil:{audit}:hospital:" + code;
  }
}
