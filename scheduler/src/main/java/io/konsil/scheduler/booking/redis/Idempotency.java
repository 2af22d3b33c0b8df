package io.konsil.scheduler.booking.redis;

import io.konsil.common.redis.RedisGateway;
import io.konsil.scheduler.booking.BookCommand;
import io.konsil.scheduler.error.SchedulerError;
import io.konsil.scheduler.redis.Records;
import io.lettuce.core.SetArgs;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Idempotency-Key records: one expiring string per caller and key, {@code {fingerprint, appointmentId}}, claimed with
 * {@code SET NX} before the booking, so that requests repeating a key agree on one appointment id and the booking
 * function writes that appointment at most once. A refused booking gives its claim up again (as in the embedded store,
 * where a refused booking records nothing), so the key may then be used for another request.
 */
final class Idempotency {
  /** How long a key is remembered; a client retries within minutes. */
  static final Duration KEPT = Duration.ofDays(7);

  /** The appointment id a key stands for; {@code ours} when this request made the claim. */
  record Claim(String key, String value, String appointmentId, boolean ours) {}

  private final RedisGateway gateway;
  private final Records records;

  Idempotency(RedisGateway gateway, Records records) {
    this.gateway = gateway;
    this.records = records;
  }

  /** Claims the key for {@code c.appointmentId()}, or finds the earlier claim; 422 when that was for another body. */
  Future<Claim> claim(BookCommand c) {
    return claim(c, 3);
  }

  private Future<Claim> claim(BookCommand c, int attemptsLeft) {
    String key = BookingKeys.idempotency(c.callerId(), c.idempotencyKey());
    String value = new JsonObject().put("fingerprint", c.fingerprint()).put("appointmentId", c.appointmentId()).encode();
    return gateway.call(r -> r.set(key, value, SetArgs.Builder.nx().ex(KEPT))).compose(ok -> "OK".equals(ok)
        ? Future.succeededFuture(new Claim(key, value, c.appointmentId(), true))
        : earlier(c.callerId(), c.idempotencyKey(), c.fingerprint()).compose(id -> {
          if (id != null) {
            return Future.succeededFuture(new Claim(key, null, id, false));
          }
          // Given up or expired between the two commands: claim it afresh.
          return attemptsLeft > 1 ? claim(c, attemptsLeft - 1)
              : Future.failedFuture(new IllegalStateException("Idempotency-Key claim kept vanishing"));
        }));
  }

  /** The appointment id of an earlier claim with this fingerprint, null when there is none; 422 for another body. */
  Future<String> earlier(String callerId, String idempotencyKey, String fingerprint) {
    return gateway.call(r -> r.get(BookingKeys.idempotency(callerId, idempotencyKey))).compose(json -> {
      if (json == null) {
        return Future.succeededFuture();
      }
      JsonObject earlier = new JsonObject(json);
      if (!fingerprint.equals(earlier.getString("fingerprint"))) {
        return Future.failedFuture(SchedulerError.idempotencyKeyReused());
      }
      return Future.succeededFuture(earlier.getString("appointmentId"));
    });
  }

  /** Gives up a claim this request made (and nobody else's), then fails with {@code refusal}. */
  <T> Future<T> giveUp(Claim claim, Throwable refusal) {
    Future<Boolean> released = claim.ours() ? records.release(claim.key(), claim.value()) : Future.succeededFuture();
    return released.transform(x -> Future.failedFuture(refusal));
  }
}
