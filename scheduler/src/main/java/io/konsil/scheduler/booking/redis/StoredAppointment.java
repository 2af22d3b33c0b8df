package io.konsil.scheduler.booking.redis;

import io.konsil.scheduler.booking.Appointment;

/**
 * An appointment as one hospital holds it. {@code movedTo} marks a copy left behind by a move to another hospital
 * (readers follow it); {@code movingFrom} marks a copy written by such a move that counts only once the old copy
 * points here (see {@code CrossHospitalMove}).
 */
record StoredAppointment(Appointment appointment, String movedTo, String movingFrom) {

  boolean isTombstone() {
    return movedTo != null;
  }

  boolean isUnconfirmedMove() {
    return movingFrom != null;
  }
}
