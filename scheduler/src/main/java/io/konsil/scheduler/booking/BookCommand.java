package io.konsil.scheduler.booking;

import io.konsil.scheduler.booking.AppointmentKind;
import java.time.Instant;

/**
 * Everything the store needs to book a slot in one atomic step. {@code idempotencyKey} is scoped to {@code callerId};
 * {@code fingerprint} identifies the request body, so the same key with another body is refused.
 * {@code holdId} null means the slot must be free (or its hold expired).
 */
public record BookCommand(String callerId, String idempotencyKey, String fingerprint, String slotId, String holdId,
                          String patientId, String patientName, AppointmentKind kind, String referralId,
                          String appointmentId, String room, Instant now) {}
