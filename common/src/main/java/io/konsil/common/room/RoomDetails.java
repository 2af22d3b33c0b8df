package io.konsil.common.room;

import java.time.Instant;

/**
 * What the people in a consultation room may know about the consultation it belongs to, for the waiting room ("Dr
 * Hansen will let you in shortly — your appointment at 10:30"). No health data: no reason for the visit, no patient.
 * {@code start}/{@code end} are null for an ad-hoc room.
 */
public record RoomDetails(String room, String clinicianId, String clinicianName, String hospital, String hospitalName,
                          Instant start, Instant end, String kind) {}
