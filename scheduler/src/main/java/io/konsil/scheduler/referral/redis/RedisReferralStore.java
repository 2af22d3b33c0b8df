package io.konsil.scheduler.referral.redis;

import io.konsil.common.redis.RedisGateway;
import io.konsil.scheduler.error.SchedulerError;
import io.konsil.scheduler.redis.Records;
import io.konsil.scheduler.referral.Referral;
import io.konsil.scheduler.referral.ReferralQuery;
import io.konsil.scheduler.referral.ReferralStatus;
import io.konsil.scheduler.referral.ReferralStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Referrals in Redis: each is one JSON string {@code konsil:referral:ID}, changed by compare-and-set
 * ({@link Records}). Listings go through sets of ids (all, by patient, by GP, by specialty) that {@link #put} writes
 * before the record; the sets name only who a referral is for and from, which never changes, and a reader keeps an id
 * only when its record exists and matches the query — so a set entry whose record was never written is ignored.
 */
public final class RedisReferralStore implements ReferralStore {
  private static final String ALL = "konsil:referrals";

  private final RedisGateway gateway;
  private final Records records;

  public RedisReferralStore(RedisGateway gateway) {
    this.gateway = gateway;
    this.records = new Records(gateway);
  }

  static String record(String id) {
    return "konsil:referral:" + id;
  }

  static String byPatient(String patientId) {
    return "konsil:referrals:patient:" + patientId;
  }

  static String byGp(String gpId) {
    return "konsil:referrals:gp:" + gpId;
  }

  static String bySpecialty(String specialty) {
    return "konsil:referrals:specialty:" + specialty;
  }

  @Override
  public Future<Void> put(Referral r) {
    List<Future<?>> indexes = new ArrayList<>();
    indexes.add(gateway.call(c -> c.sadd(ALL, r.id())));
    indexes.add(gateway.call(c -> c.sadd(byPatient(r.patientId()), r.id())));
    indexes.add(gateway.call(c -> c.sadd(byGp(r.gpId()), r.id())));
    indexes.add(gateway.call(c -> c.sadd(bySpecialty(r.specialty()), r.id())));
    return Future.all(indexes).compose(v -> records.put(record(r.id()), ReferralJson.encode(r)));
  }

  @Override
  public Future<Referral> get(String id) {
    if (id == null) {
      return Future.succeededFuture();
    }
    return records.get(record(id)).map(json -> json == null ? null : ReferralJson.decode(json));
  }

  @Override
  public Future<List<Referral>> list(ReferralQuery q) {
    return candidates(q).compose(ids -> {
      List<Future<Referral>> loaded = ids.stream().map(this::get).toList();
      return Future.all(loaded).map(all -> loaded.stream().map(Future::result).filter(Objects::nonNull)
          .filter(r -> q.patientId() == null || q.patientId().equals(r.patientId()))
          .filter(r -> q.gpId() == null || q.gpId().equals(r.gpId()))
          .filter(r -> q.specialties() == null || q.specialties().contains(r.specialty()))
          .sorted(Comparator.comparing(Referral::receivedAt).reversed().thenComparing(Referral::id))
          .toList());
    });
  }

  /** The ids of the narrowest index the query allows. */
  private Future<Set<String>> candidates(ReferralQuery q) {
    if (q.patientId() != null) {
      return gateway.call(c -> c.smembers(byPatient(q.patientId())));
    }
    if (q.gpId() != null) {
      return gateway.call(c -> c.smembers(byGp(q.gpId())));
    }
    if (q.specialties() != null) {
      // One SMEMBERS per specialty: SUNION of keys in different cluster slots would be refused.
      List<Future<Set<String>>> sets = q.specialties().stream()
          .map(s -> gateway.<Set<String>>call(c -> c.smembers(bySpecialty(s)))).toList();
      return Future.all(sets).map(all -> {
        Set<String> union = new LinkedHashSet<>();
        sets.forEach(f -> union.addAll(f.result()));
        return union;
      });
    }
    return gateway.call(c -> c.smembers(ALL));
  }

  @Override
  public Future<Referral> transition(String id, ReferralStatus expected, ReferralStatus next, String by, String note,
                                     String appointmentId) {
    return records.update(record(id), json -> {
      if (json == null) {
        return Future.failedFuture(SchedulerError.notFound("Referral"));
      }
      Referral r = ReferralJson.decode(json);
      if ((expected != null && r.status() != expected) || !r.status().mayMoveTo(next)) {
        return Future.failedFuture(SchedulerError.invalidTransition("Referral", r.status(), next));
      }
      return Future.succeededFuture(ReferralJson.encode(r.moved(next, by, note,
          appointmentId != null ? appointmentId : r.appointmentId())));
    }).map(ReferralJson::decode);
  }
}
