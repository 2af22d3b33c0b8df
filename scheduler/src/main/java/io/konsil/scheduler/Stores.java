package io.konsil.scheduler;

import io.konsil.common.redis.RedisGateway;
import io.konsil.scheduler.booking.BookingStore;
import io.konsil.scheduler.booking.memory.MemoryBookingStore;
import io.konsil.scheduler.booking.redis.RedisBookingStore;
import io.konsil.scheduler.network.NetworkStore;
import io.konsil.scheduler.network.memory.MemoryNetworkStore;
import io.konsil.scheduler.network.redis.RedisNetworkStore;
import io.konsil.scheduler.redis.Records;
import io.konsil.scheduler.referral.ReferralStore;
import io.konsil.scheduler.referral.memory.MemoryReferralStore;
import io.konsil.scheduler.referral.redis.RedisReferralStore;
import io.konsil.scheduler.schedule.ScheduleStore;
import io.konsil.scheduler.schedule.memory.MemoryScheduleStore;
import io.konsil.scheduler.schedule.redis.RedisScheduleStore;
import io.konsil.scheduler.secondopinion.SecondOpinionStore;
import io.konsil.scheduler.secondopinion.memory.MemorySecondOpinionStore;
import io.konsil.scheduler.secondopinion.redis.RedisSecondOpinionStore;
import io.vertx.core.Future;

/**
 * The scheduler's state, behind one port per aggregate; each feature's port lives in that feature with its
 * implementations. {@code engine} is what the stores share underneath: made ready once at start, and asked by
 * {@code /health} whether it answers.
 */
public record Stores(NetworkStore network, ScheduleStore schedules, BookingStore booking, ReferralStore referrals,
                     SecondOpinionStore secondOpinions, Engine engine) {

  /** What the stores run on. */
  public interface Engine {
    /** Gets ready to serve (Redis: loads the function libraries); the feature does it before it serves. */
    Future<Void> start();

    /** Succeeds while the stores can serve; fails with 503 {@code store-unavailable} otherwise. */
    Future<Void> ping();
  }

  /** The embedded, single-node store. */
  public static Stores inMemory() {
    return new Stores(new MemoryNetworkStore(), new MemoryScheduleStore(), new MemoryBookingStore(),
        new MemoryReferralStore(), new MemorySecondOpinionStore(), new Embedded());
  }

  /** The network's shared store: every node on the same Redis sees the same state. */
  public static Stores redis(RedisGateway gateway) {
    return new Stores(new RedisNetworkStore(gateway), new RedisScheduleStore(gateway), new RedisBookingStore(gateway),
        new RedisReferralStore(gateway), new RedisSecondOpinionStore(gateway), new Redis(gateway));
  }

  public Future<Void> start() {
    return engine.start();
  }

  public Future<Void> ping() {
    return engine.ping();
  }

  private record Embedded() implements Engine {
    @Override
    public Future<Void> start() {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> ping() {
      return Future.succeededFuture();
    }
  }

  private record Redis(RedisGateway gateway) implements Engine {
    /**
     * FUNCTION LOAD REPLACE of both libraries (on every master of a cluster). The gateway also loads a library when a
     * call finds it missing (a restarted server without persistence), so this only makes the first calls fast.
     */
    @Override
    public Future<Void> start() {
      return gateway.load(RedisBookingStore.library()).compose(v -> gateway.load(Records.LIBRARY));
    }

    @Override
    public Future<Void> ping() {
      return gateway.ping();
    }
  }
}
