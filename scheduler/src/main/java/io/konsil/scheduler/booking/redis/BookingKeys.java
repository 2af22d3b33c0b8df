package io.konsil.scheduler.booking.redis;

/**
 * Where booking data lives in Redis (docs/operations.md, "Redis key schema — scheduler"). A hospital's slots,
 * offerings, search index and appointments share the hash tag {@code {h:CODE}}: one cluster slot, so each booking
 * function works on one shard. Everything found by another key (a slot or an appointment by id, a patient's
 * appointments, a room's owner, a caller's idempotency records) is a small index in a slot of its own, written before
 * the atomic step it points to and checked against the hospital's data by every reader.
 */
final class BookingKeys {
  /** Set of hospital codes that have slots: the hospitals a network-wide search asks. */
  static final String HOSPITALS = "konsil:booking:hospitals";

  private BookingKeys() {}

  /** The one key every booking function gets; the hospital's other keys extend it (konsil_booking_v1.lua names them). */
  static String root(String hospital) {
    return "konsil:{h:" + hospital + "}";
  }

  static String slot(String hospital, String slotId) {
    return root(hospital) + ":slot:" + slotId;
  }

  static String appointment(String hospital, String appointmentId) {
    return root(hospital) + ":appointment:" + appointmentId;
  }

  static String agenda(String hospital, String clinicianId) {
    return root(hospital) + ":agenda:" + clinicianId;
  }

  static String referred(String hospital) {
    return root(hospital) + ":referred";
  }

  /** String: the hospital a slot id lives at. */
  static String slotHome(String slotId) {
    return "konsil:slot:" + slotId + ":hospital";
  }

  /** String: the hospital an appointment lives at (after a move between hospitals: the new one). */
  static String appointmentHome(String appointmentId) {
    return "konsil:appointment:" + appointmentId + ":hospital";
  }

  /** Set of appointment ids. */
  static String patientAppointments(String patientId) {
    return "konsil:patient:" + patientId + ":appointments";
  }

  /** Set of appointment ids a clinician or admin booked for patients (their {@code bookedBy}). */
  static String bookerAppointments(String bookerId) {
    return "konsil:booker:" + bookerId + ":appointments";
  }

  /** Set of hospital codes where the clinician has slots. */
  static String clinicianHospitals(String clinicianId) {
    return "konsil:clinician:" + clinicianId + ":hospitals";
  }

  /** String: the id of the appointment that owns the room. */
  static String roomAppointment(String room) {
    return "konsil:room:" + room + ":appointment";
  }

  /** String (JSON, expiring): a caller's booking under one Idempotency-Key. */
  static String idempotency(String callerId, String key) {
    return "konsil:caller:" + callerId + ":idempotency:" + key;
  }
}
