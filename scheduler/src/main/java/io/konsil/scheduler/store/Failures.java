package io.konsil.scheduler.store;

import io.konsil.common.error.KonsilException;
import java.util.List;

/** The errors a store reports, so every implementation fails with the same codes. */
public final class Failures {
  private Failures() {}

  public static KonsilException notFound(String what) {
    return KonsilException.notFound("not-found", what + " not found");
  }

  public static KonsilException slotUnavailable() {
    return KonsilException.conflict("slot-unavailable", "The slot is no longer available");
  }

  public static KonsilException invalidTransition(String what, Object from, Object to) {
    return KonsilException.conflict("invalid-transition",
        what + " cannot move from " + wire(from) + " to " + wire(to));
  }

  public static KonsilException idempotencyKeyReused() {
    return KonsilException.unprocessable("idempotency-key-reused",
        "This Idempotency-Key was already used with a different request",
        List.of(new KonsilException.FieldProblem("Idempotency-Key", "already used with a different body")));
  }

  private static String wire(Object status) {
    return status.toString().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
