package io.konsil.scheduler.referral;

import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.scheduler.error.SchedulerError;
import io.konsil.scheduler.network.NetworkStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/**
 * Referrals from GPs. Visibility: a patient sees their own, a GP the ones they wrote, a specialist those of their
 * specialties addressed to their hospital or to any hospital, an admin all.
 */
public final class ReferralService {
  private final ReferralStore referrals;
  private final NetworkStore network;
  private final Clock clock;

  public ReferralService(ReferralStore referrals, NetworkStore network, Clock clock) {
    this.referrals = referrals;
    this.network = network;
    this.clock = clock;
  }

  public record NewReferral(String patientId, String patientName, String specialty, Priority priority,
                            String clinicalQuestion, java.time.LocalDate deadline, boolean cancerPathway,
                            String hospital) {}

  public Future<Referral> create(Caller gp, NewReferral n) {
    Referral r = new Referral("r-" + UUID.randomUUID(), n.patientId(), n.patientName(), gp.id(), gp.name(),
        n.specialty(), n.priority(), n.clinicalQuestion(), n.deadline(), n.cancerPathway(), n.hospital(),
        ReferralStatus.RECEIVED, clock.instant(), null, null, null);
    return referrals.put(r).map(r);
  }

  public Future<List<Referral>> list(Caller caller) {
    return switch (caller.role()) {
      case PATIENT -> referrals.list(new ReferralQuery(caller.id(), null, null));
      case GP -> referrals.list(new ReferralQuery(null, caller.id(), null));
      case ADMIN -> referrals.list(new ReferralQuery(null, null, null));
      case SPECIALIST, NURSE -> network.clinician(caller.id()).compose(c -> {
        if (c == null) {
          return Future.succeededFuture(List.<Referral>of());
        }
        return referrals.list(new ReferralQuery(null, null, new HashSet<>(c.specialties())))
            .map(list -> list.stream().filter(r -> r.hospital() == null || r.hospital().equals(c.hospital())).toList());
      });
      default -> Future.succeededFuture(List.of());
    };
  }

  public Future<Referral> visible(Caller caller, String id) {
    return referrals.get(id).compose(r -> {
      if (r == null) {
        return Future.failedFuture(SchedulerError.notFound("Referral"));
      }
      return mayView(caller, r).compose(ok -> ok ? Future.succeededFuture(r)
          : Future.failedFuture(SchedulerError.notFound("Referral")));
    });
  }

  private Future<Boolean> mayView(Caller caller, Referral r) {
    if (caller.role() == Role.ADMIN || caller.id().equals(r.patientId()) || caller.id().equals(r.gpId())) {
      return Future.succeededFuture(true);
    }
    if (caller.role() != Role.SPECIALIST && caller.role() != Role.NURSE) {
      return Future.succeededFuture(false);
    }
    return network.clinician(caller.id()).map(c -> c != null && c.specialties().contains(r.specialty())
        && (r.hospital() == null || r.hospital().equals(c.hospital())));
  }

  /** A specialist grants the right to specialist care (vurdert); the patient may then book. */
  public Future<Referral> assess(Caller specialist, String id, String note) {
    return visible(specialist, id).compose(r ->
        referrals.transition(r.id(), null, ReferralStatus.ASSESSED, specialist.id(), note, null));
  }

  public Future<Referral> reject(Caller specialist, String id, String note) {
    return visible(specialist, id).compose(r ->
        referrals.transition(r.id(), null, ReferralStatus.REJECTED, specialist.id(), note, null));
  }
}
