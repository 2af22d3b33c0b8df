package io.konsil.scheduler.booking;

import io.konsil.scheduler.booking.Appointment;

/** The outcome of a booking; {@code created} is false when an idempotent replay returned an earlier appointment. */
public record Booked(Appointment appointment, boolean created) {}
