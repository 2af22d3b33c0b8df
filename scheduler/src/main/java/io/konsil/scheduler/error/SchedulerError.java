package io.konsil.scheduler.error;

import io.konsil.common.error.KonsilException;
import io.konsil.common.error.KonsilException.FieldProblem;
import io.konsil.common.redis.RedisGateway;
import java.util.List;
import java.util.Locale;

/**
 * Every problem code the scheduler answers with (docs/api.md lists them), in one place. Each becomes a
 * {@link KonsilException}; {@code io.konsil.common.error.Problems} renders it as problem+json.
 */
public enum SchedulerError {
  INVALID_QUERY(400, "invalid-query"),
  INVALID_REQUEST(400, "invalid-request"),
  INVALID_JSON(400, "invalid-json"),
  IDEMPOTENCY_KEY_MISSING(400, "idempotency-key-missing"),
  TOKEN_MISSING(401, "token-missing"),
  FORBIDDEN_ROLE(403, "forbidden-role"),
  NOT_FOUND(404, "not-found"),
  SLOT_UNAVAILABLE(409, "slot-unavailable"),
  INVALID_TRANSITION(409, "invalid-transition"),
  OUTSIDE_JOIN_WINDOW(409, "outside-join-window"),
  APPOINTMENT_NOT_ACTIVE(409, "appointment-not-active"),
  SECOND_OPINION_NOT_ACCEPTED(409, "second-opinion-not-accepted"),
  SECOND_OPINION_NOT_ACTIVE(409, "second-opinion-not-active"),
  REFERRAL_ALREADY_SCHEDULED(409, "referral-already-scheduled"),
  BODY_TOO_LARGE(413, "body-too-large"),
  /** A body sent as anything but the media type its operation takes (application/json), or without a Content-Type. */
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type"),
  INVALID_BODY(422, "invalid-body"),
  IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused"),
  REFERRAL_NOT_BOOKABLE(422, "referral-not-bookable"),
  SCHEDULE_OVERLAP(422, "schedule-overlap"),
  /** Raised by {@link RedisGateway} (common) when Redis cannot answer; listed here so the module's codes are complete. */
  STORE_UNAVAILABLE(503, RedisGateway.STORE_UNAVAILABLE);

  private final int status;
  private final String code;

  SchedulerError(int status, String code) {
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public KonsilException error(String message) {
    return new KonsilException(status, code, message);
  }

  public KonsilException error(String message, List<FieldProblem> problems) {
    return new KonsilException(status, code, message, problems);
  }

  /** True when {@code failure} carries this code. */
  public boolean is(Throwable failure) {
    return failure instanceof KonsilException k && code.equals(k.code());
  }

  public static KonsilException notFound(String what) {
    return NOT_FOUND.error(what + " not found");
  }

  public static KonsilException slotUnavailable() {
    return SLOT_UNAVAILABLE.error("The slot is no longer available");
  }

  public static KonsilException invalidTransition(String what, Object from, Object to) {
    return INVALID_TRANSITION.error(what + " cannot move from " + wire(from) + " to " + wire(to));
  }

  public static KonsilException idempotencyKeyReused() {
    return IDEMPOTENCY_KEY_REUSED.error("This Idempotency-Key was already used with a different request",
        List.of(new FieldProblem("Idempotency-Key", "already used with a different body")));
  }

  /** A failure of the HTTP layer itself (a status Vert.x set, such as 405), as {@code http-STATUS}. */
  public static KonsilException http(int status) {
    return new KonsilException(status, "http-" + status, "Request failed");
  }

  private static String wire(Object status) {
    return status.toString().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
