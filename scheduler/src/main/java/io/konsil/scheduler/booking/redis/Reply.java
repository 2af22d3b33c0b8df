package io.konsil.scheduler.booking.redis;

import io.konsil.common.error.KonsilException;
import io.konsil.scheduler.error.SchedulerError;
import java.util.List;

/**
 * What a booking function answered at {@code hospital}: an outcome word, then its values (see konsil_booking_v1.lua);
 * for an appointment, {@code values} is {outcome, field, value, ...}.
 */
record Reply(String hospital, String outcome, List<Object> values) {
  static final String CHANGED = "changed";

  static Reply of(String hospital, List<Object> raw) {
    return new Reply(hospital, (String) raw.get(0), raw);
  }

  /** The appointment the reply carries. */
  StoredAppointment appointment(String id) {
    return AppointmentHash.read(id, hospital, values);
  }

  boolean is(String word) {
    return outcome.equals(word);
  }

  /** The refusal as the error the port reports, for the outcomes every function shares. */
  KonsilException refusal() {
    return switch (outcome) {
      case "not-found" -> SchedulerError.notFound(values.size() > 1 ? (String) values.get(1) : "Slot");
      case "slot-unavailable" -> SchedulerError.slotUnavailable();
      default -> new IllegalReply(outcome);
    };
  }

  /** A reply the Java side does not expect: a bug, reported as 500 with the outcome in the log. */
  static final class IllegalReply extends KonsilException {
    IllegalReply(String outcome) {
      super(500, "internal-error", "Unexpected booking function outcome: " + outcome);
    }
  }
}
