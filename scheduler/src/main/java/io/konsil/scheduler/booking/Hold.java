package io.konsil.scheduler.booking;

import java.time.Instant;

/** A short reservation of a slot for one caller while they confirm (FHIR's $hold). */
public record Hold(String holdId, String slotId, String holderId, Instant expiresAt) {}
