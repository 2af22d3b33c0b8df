package io.konsil.scheduler.agenda;

import io.konsil.scheduler.booking.Appointment;

/** One line of a clinician's day: the appointment and where its patient is right now. */
public record AgendaEntry(Appointment appointment, LiveStatus presence) {}
