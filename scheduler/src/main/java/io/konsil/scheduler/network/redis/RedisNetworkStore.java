package io.konsil.scheduler.network.redis;

import io.konsil.common.redis.RedisGateway;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.Hospital;
import io.konsil.scheduler.network.NetworkStore;
import io.konsil.scheduler.network.Specialty;
import io.lettuce.core.SetArgs;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The network directory in Redis: one hash per kind ({@code konsil:net:hospitals}, {@code konsil:net:specialties},
 * {@code konsil:net:clinicians}) from code or id to the record's JSON. It is small and changes rarely; every read is
 * one command on one key. Markers are plain keys set with {@code SET NX}.
 */
public final class RedisNetworkStore implements NetworkStore {
  static final String HOSPITALS = "konsil:net:hospitals";
  static final String SPECIALTIES = "konsil:net:specialties";
  static final String CLINICIANS = "konsil:net:clinicians";
  static final String MARKER = "konsil:marker:";

  private final RedisGateway gateway;

  public RedisNetworkStore(RedisGateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public Future<Void> putHospital(Hospital hospital) {
    return gateway.call(c -> c.hset(HOSPITALS, hospital.code(), NetworkJson.hospital(hospital))).mapEmpty();
  }

  @Override
  public Future<Hospital> hospital(String code) {
    return code == null ? Future.succeededFuture() : this.<Hospital>one(HOSPITALS, code, NetworkJson::hospital);
  }

  @Override
  public Future<List<Hospital>> hospitals() {
    return all(HOSPITALS, NetworkJson::hospital, Comparator.comparing(Hospital::code));
  }

  @Override
  public Future<Void> putSpecialty(Specialty specialty) {
    return gateway.call(c -> c.hset(SPECIALTIES, specialty.code(), NetworkJson.specialty(specialty))).mapEmpty();
  }

  @Override
  public Future<List<Specialty>> specialties() {
    return all(SPECIALTIES, NetworkJson::specialty, Comparator.comparing(Specialty::code));
  }

  @Override
  public Future<Void> putClinician(Clinician clinician) {
    return gateway.call(c -> c.hset(CLINICIANS, clinician.id(), NetworkJson.clinician(clinician))).mapEmpty();
  }

  @Override
  public Future<Clinician> clinician(String id) {
    return id == null ? Future.succeededFuture() : this.<Clinician>one(CLINICIANS, id, NetworkJson::clinician);
  }

  @Override
  public Future<List<Clinician>> clinicians() {
    return all(CLINICIANS, NetworkJson::clinician, Comparator.comparing(Clinician::id));
  }

  @Override
  public Future<Boolean> claimMarker(String marker) {
    return gateway.call(c -> c.set(MARKER + marker, "1", SetArgs.Builder.nx())).map("OK"::equals);
  }

  private <T> Future<T> one(String hash, String field, Function<String, T> decode) {
    return gateway.call(c -> c.hget(hash, field)).map(json -> json == null ? null : decode.apply(json));
  }

  private <T> Future<List<T>> all(String hash, Function<String, T> decode, Comparator<T> order) {
    return gateway.call(c -> c.hgetall(hash))
        .map((Map<String, String> all) -> all.values().stream().map(decode).sorted(order).toList());
  }
}
