package io.konsil.common.audit;

import java.util.Locale;

/**
 * Why the actor could see the data: the relation that grants access ({@code ref} is the id of the appointment,
 * referral, second opinion or consultation room), or an emergency override with its reason code.
 */
public record Basis(Kind kind, String ref, String reason) {

  /** The relations of the authorization matrix (docs/security.md). */
  public enum Kind {
    /** The patient's own data. */
    SELF,
    APPOINTMENT,
    REFERRAL,
    SECOND_OPINION,
    /** Present in the consultation room (a join token for it, or an invitation). */
    CONSULTATION,
    /** A clinician of the hospital that holds the appointment (the hospital's list). */
    HOSPITAL,
    /** An administrator's duty. */
    ADMIN,
    EMERGENCY;

    public String wire() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Kind fromWire(String wire) {
      return valueOf(wire.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  public static Basis of(Kind kind, String ref) {
    return new Basis(kind, ref, null);
  }

  public static Basis self() {
    return new Basis(Kind.SELF, null, null);
  }

  /** {@code kind}, {@code kind:ref}, and {@code ;reason=CODE} for an emergency: as the access log shows it. */
  public String wire() {
    String w = ref == null ? kind.wire() : kind.wire() + ":" + ref;
    return reason == null ? w : w + ";reason=" + reason;
  }
}
