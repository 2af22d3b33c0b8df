package io.konsil.scheduler.booking.redis;

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

  /** The refusal as the error the port reports; an outcome Java does not expect is a bug (500, logged). */
  RuntimeException refusal() {
    return switch (outcome) {
      case "not-found" -> SchedulerError.notFound(values.size() > 1 ? (String) values.get(1) : "Slot");
      case "slot-unavailable" -> SchedulerError.slotUnavailable();
      default -> new IllegalStateException("unexpected outcome of a booking function: " + outcome);
    };
  }
}
