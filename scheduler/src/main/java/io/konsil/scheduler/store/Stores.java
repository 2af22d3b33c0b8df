package io.konsil.scheduler.store;

import io.konsil.scheduler.store.memory.MemoryBookingStore;
import io.konsil.scheduler.store.memory.MemoryNetworkStore;
import io.konsil.scheduler.store.memory.MemoryReferralStore;
import io.konsil.scheduler.store.memory.MemorySecondOpinionStore;

/** The scheduler's state, behind one port per aggregate. */
public record Stores(NetworkStore network, BookingStore booking, ReferralStore referrals,
                     SecondOpinionStore secondOpinions) {

  /** The embedded, single-node store. */
  public static Stores inMemory() {
    return new Stores(new MemoryNetworkStore(), new MemoryBookingStore(), new MemoryReferralStore(),
        new MemorySecondOpinionStore());
  }
}
