package io.konsil.scheduler.waiting;

import java.time.LocalDate;

/**
 * Published waiting time of one specialty at one hospital: the date of the next free slot (null: none within the
 * horizon) and the median days from referral received to first appointment (null: no referred appointments yet).
 */
public record WaitingTime(String hospital, String hospitalName, String region, String specialty,
                          LocalDate nextAvailable, Double medianDays, int sampleSize) {}
