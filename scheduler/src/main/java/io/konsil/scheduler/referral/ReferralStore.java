package io.konsil.scheduler.referral;

import io.konsil.scheduler.referral.Referral;
import io.konsil.scheduler.referral.ReferralStatus;
import io.vertx.core.Future;
import java.util.List;

/** Referrals. Status moves are compare-and-set in the store; 409 {@code invalid-transition} when not allowed. */
public interface ReferralStore {

  Future<Void> put(Referral referral);

  /** Null if unknown. */
  Future<Referral> get(String id);

  /** Sorted by received time, newest first. */
  Future<List<Referral>> list(ReferralQuery query);

  /**
   * Moves the referral to {@code next} if allowed from its current status and, when {@code expected} is not null, only
   * if it is currently in {@code expected}. {@code by}, {@code note} and {@code appointmentId} are recorded when not null.
   */
  Future<Referral> transition(String id, ReferralStatus expected, ReferralStatus next, String by, String note,
                              String appointmentId);
}
