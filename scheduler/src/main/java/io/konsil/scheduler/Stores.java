package io.konsil.scheduler;

import io.konsil.scheduler.booking.BookingStore;
import io.konsil.scheduler.booking.memory.MemoryBookingStore;
import io.konsil.scheduler.network.NetworkStore;
import io.konsil.scheduler.network.memory.MemoryNetworkStore;
import io.konsil.scheduler.referral.ReferralStore;
import io.konsil.scheduler.referral.memory.MemoryReferralStore;
import io.konsil.scheduler.schedule.ScheduleStore;
import io.konsil.scheduler.schedule.memory.MemoryScheduleStore;
import io.konsil.scheduler.secondopinion.SecondOpinionStore;
import io.konsil.scheduler.secondopinion.memory.MemorySecondOpinionStore;

/** The scheduler's state, behind one port per aggregate; each feature's port lives in that feature. */
public record Stores(NetworkStore network, ScheduleStore schedules, BookingStore booking, ReferralStore referrals,
                     SecondOpinionStore secondOpinions) {

  /** The embedded, single-node store. */
  public static Stores inMemory() {
    return new Stores(new MemoryNetworkStore(), new MemoryScheduleStore(), new MemoryBookingStore(),
        new MemoryReferralStore(), new MemorySecondOpinionStore());
  }
}
