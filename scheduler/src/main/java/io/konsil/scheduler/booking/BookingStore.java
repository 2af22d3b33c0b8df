package io.konsil.scheduler.booking;

import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.AppointmentStatus;
import io.konsil.scheduler.booking.Hold;
import io.konsil.scheduler.booking.Slot;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Slots, holds and appointments. Every state change is one atomic step inside the store (a compare-and-set on the
 * slot's status), never a read in the caller followed by a write, so no slot is ever booked twice whatever the
 * concurrency. Failures are {@link io.konsil.common.error.KonsilException}s: 404 {@code not-found},
 * 409 {@code slot-unavailable}, 409 {@code invalid-transition}, 422 {@code idempotency-key-reused}.
 */
public interface BookingStore {

  /**
   * Adds slots whose id is not yet known (so generating the same slots twice is harmless) and that do not overlap a
   * held or booked slot of the same clinician; returns how many were added.
   */
  Future<Integer> addSlots(List<Slot> slots);

  /**
   * Replaces the clinician's free slots starting at or after {@code from} with {@code slots}, leaving held and booked
   * slots alone and dropping any new slot that overlaps one of them. Returns the number of free slots afterwards.
   */
  Future<Integer> replaceFreeSlots(String clinicianId, Instant from, List<Slot> slots);

  /** The slot with its status as stored; null if unknown. Readers apply {@link Slot#statusAt}. */
  Future<Slot> slot(String id);

  /**
   * Free slots (an expired hold counts as free) starting at or after {@code now}, earliest first (start, then id).
   * A page holds {@code limit} slots whenever that many match, however far ahead they are; {@code next} is the key of
   * the page's last slot when more match after it, else null (so an empty page always has a null {@code next}).
   */
  Future<SlotPage> search(SlotQuery query, Instant now);

  /** Holds a free slot for {@code holderId} until now + ttl. */
  Future<Hold> hold(String slotId, String holderId, Duration ttl, Instant now);

  /**
   * Gives a hold back at once ("choose another time"): the slot is free again if {@code holderId} holds it with
   * {@code holdId}; true when it was released, false when there was nothing of theirs to release (lapsed, booked, or
   * someone else's). 404 {@code not-found} for an unknown slot.
   */
  Future<Boolean> release(String slotId, String holdId, String holderId, Instant now);

  /**
   * An earlier booking by {@code callerId} with this key, or null; 422 {@code idempotency-key-reused} when the key was
   * used with another fingerprint. Read-only: {@link #book} checks again atomically.
   */
  Future<Booked> replay(String callerId, String idempotencyKey, String fingerprint);

  /** Books the slot and creates the appointment in one step, or replays an earlier booking with the same key. */
  Future<Booked> book(BookCommand command);

  /** Cancels an active appointment and frees its slot in the same step. */
  Future<Appointment> cancel(String appointmentId, Instant now);

  /**
   * Moves an active appointment to another bookable slot (free, or held by {@code holderId} with {@code holdId}) and
   * frees the old one, in one step.
   */
  Future<Appointment> reschedule(String appointmentId, String newSlotId, String holdId, String holderId, Instant now);

  /** Moves an appointment to {@code next} if its status allows it (compare-and-set); 409 invalid-transition otherwise. */
  Future<Appointment> transition(String appointmentId, AppointmentStatus next);

  /**
   * Writes an appointment and its booked slot as they are, without checks: for loading history (demo data, imports),
   * never for live booking.
   */
  Future<Void> restore(Slot bookedSlot, Appointment appointment);

  /** Null if unknown. */
  Future<Appointment> appointment(String id);

  /** The appointment owning {@code room}; null if none. */
  Future<Appointment> appointmentByRoom(String room);

  /** Sorted by start. */
  Future<List<Appointment>> appointmentsOfPatient(String patientId);

  /** Appointments of the clinician starting in [from, to), sorted by start. */
  Future<List<Appointment>> appointmentsOfClinician(String clinicianId, Instant from, Instant to);

  /**
   * Appointments {@code bookerId} booked for a patient at any clinician (their {@link Appointment#bookedBy()}),
   * starting in [from, to) (either may be null), sorted by start.
   */
  Future<List<Appointment>> appointmentsBookedBy(String bookerId, Instant from, Instant to);

  /** Appointments booked for a referral (for waiting-time figures). */
  Future<List<Appointment>> appointmentsWithReferral();
}
