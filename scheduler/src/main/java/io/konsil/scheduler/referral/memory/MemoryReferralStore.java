package io.konsil.scheduler.referral.memory;

import io.konsil.scheduler.referral.Referral;
import io.konsil.scheduler.referral.ReferralStatus;
import io.konsil.scheduler.error.SchedulerError;
import io.konsil.scheduler.referral.ReferralQuery;
import io.konsil.scheduler.referral.ReferralStore;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public final class MemoryReferralStore implements ReferralStore {
  private final Map<String, Referral> referrals = new ConcurrentHashMap<>();

  @Override
  public Future<Void> put(Referral referral) {
    referrals.put(referral.id(), referral);
    return Future.succeededFuture();
  }

  @Override
  public Future<Referral> get(String id) {
    return Future.succeededFuture(id == null ? null : referrals.get(id));
  }

  @Override
  public Future<List<Referral>> list(ReferralQuery q) {
    return Future.succeededFuture(referrals.values().stream()
        .filter(r -> q.patientId() == null || q.patientId().equals(r.patientId()))
        .filter(r -> q.gpId() == null || q.gpId().equals(r.gpId()))
        .filter(r -> q.specialties() == null || q.specialties().contains(r.specialty()))
        .sorted(Comparator.comparing(Referral::receivedAt).reversed().thenComparing(Referral::id))
        .toList());
  }

  @Override
  public Future<Referral> transition(String id, ReferralStatus expected, ReferralStatus next, String by, String note,
                                     String appointmentId) {
    RuntimeException[] failure = new RuntimeException[1];
    // compute() is atomic per key: the check and the write cannot interleave with another transition.
    Referral moved = referrals.computeIfPresent(id, (k, r) -> {
      if ((expected != null && r.status() != expected) || !r.status().mayMoveTo(next)) {
        failure[0] = SchedulerError.invalidTransition("Referral", r.status(), next);
        return r;
      }
      return r.moved(next, by, note, appointmentId != null ? appointmentId : r.appointmentId());
    });
    if (moved == null) {
      return Future.failedFuture(SchedulerError.notFound("Referral"));
    }
    return failure[0] != null ? Future.failedFuture(failure[0]) : Future.succeededFuture(moved);
  }
}
