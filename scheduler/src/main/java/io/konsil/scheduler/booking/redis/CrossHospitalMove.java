package io.konsil.scheduler.booking.redis;

import io.konsil.common.redis.RedisGateway;
import io.konsil.scheduler.booking.Appointment;
import io.vertx.core.Future;
import java.time.Instant;

/**
 * Rescheduling to a slot of another hospital. The two hospitals' data live in different cluster slots, so no single
 * function can change both; the move is a saga of steps that each leave a state readers understand:
 * <ol>
 *   <li>{@code move_in} at the new hospital takes the new slot and writes a copy of the appointment marked as coming
 *       from the old one. Readers ignore that copy until step 2 is done.
 *   <li>{@code move_out} at the old hospital checks the appointment is still as it was read, frees the old slot and
 *       leaves a tombstone pointing to the new hospital, which readers follow. If the appointment changed meanwhile
 *       (cancelled, arrived), the copy of step 1 is removed again ({@code move_undo}) and its slot freed.
 *   <li>The appointment's home index points to the new hospital, and the copy's mark is cleared.
 * </ol>
 * A node that dies between 1 and 2 leaves the appointment where it was and the new slot taken by a copy nobody sees;
 * a later move of the same appointment there replaces that copy (after a minute), otherwise the slot stays taken
 * (docs/operations.md). Between 2 and 3 readers reach the new copy through the tombstone.
 */
final class CrossHospitalMove {
  private final RedisGateway gateway;
  private final BookingFunctions functions;

  CrossHospitalMove(RedisGateway gateway, BookingFunctions functions) {
    this.gateway = gateway;
    this.functions = functions;
  }

  /** The moved appointment as a {@code moved} reply, or the reply that refused the move. */
  Future<Reply> run(Appointment a, String to, String slotId, String holdId, String holderId, Instant now) {
    return functions.moveIn(to, a.id(), slotId, holdId, holderId, now, a.hospital(),
        AppointmentHash.given(a.patientId(), a.patientName(), a.kind(), a.room(), a.referralId(), a.createdAt(), a.bookedBy()))
        .compose(in -> !in.is("moved-in") ? Future.succeededFuture(in)
            : functions.moveOut(a.hospital(), a.id(), a.status().wire(), to).compose(out -> out.is("moved-out")
                ? gateway.call(c -> c.set(BookingKeys.appointmentHome(a.id()), to))
                    .compose(v -> functions.moveConfirm(to, a.id()))
                    .map(v -> new Reply(to, "moved", in.values()))
                : functions.moveUndo(to, a.id()).map(out)));
  }
}
