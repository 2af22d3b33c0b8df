package io.konsil.scheduler.redis;

import io.konsil.common.redis.Library;
import io.konsil.common.redis.RedisGateway;
import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * Records stored whole as one JSON string each (referrals, second opinions), changed by compare-and-set through
 * {@code redis/konsil_records_v1.lua}: read, decide in Java (where the status rules live), swap in if unchanged, else
 * read again. Also releases claims (idempotency records) only their maker may give up.
 */
public final class Records {
  public static final Library LIBRARY = Library.fromResource("redis/konsil_records_v1.lua");
  /** Conflicting writers are a few at most (two specialists accepting at once); more rounds mean something is wrong. */
  private static final int ATTEMPTS = 16;

  private final RedisGateway gateway;

  public Records(RedisGateway gateway) {
    this.gateway = gateway;
  }

  public Future<String> get(String key) {
    return gateway.call(c -> c.get(key));
  }

  public Future<Void> put(String key, String json) {
    return gateway.call(c -> c.set(key, json)).mapEmpty();
  }

  /**
   * Applies {@code change} to the record at {@code key} atomically: {@code change} gets the stored JSON (null when
   * absent) and returns the JSON to store, or fails (a status rule refused) — then nothing is written. Retried when
   * another writer got in between. Completes with the JSON written.
   */
  public Future<String> update(String key, Function<String, Future<String>> change) {
    return update(key, change, ATTEMPTS);
  }

  private Future<String> update(String key, Function<String, Future<String>> change, int attemptsLeft) {
    return get(key).compose(current -> change.apply(current).compose(next -> this.<Long>swap(key, current, next)
        .compose(swapped -> {
          if (swapped == 1L) {
            return Future.succeededFuture(next);
          }
          if (attemptsLeft <= 1) {
            return Future.failedFuture(new IllegalStateException("record " + key + " kept changing"));
          }
          return update(key, change, attemptsLeft - 1);
        })));
  }

  private <T> Future<T> swap(String key, String expected, String next) {
    // A missing record never matches: update() is for records that exist (put() creates them).
    return gateway.fcall(LIBRARY, "konsil_records_v1_swap", ScriptOutputType.INTEGER, new String[] {key},
        expected == null ? "" : expected, next);
  }

  /** Deletes {@code key} if it still holds {@code value}; true when it did. */
  public Future<Boolean> release(String key, String value) {
    return gateway.<Long>fcall(LIBRARY, "konsil_records_v1_release", ScriptOutputType.INTEGER, new String[] {key},
        value).map(n -> n == 1L);
  }
}
