package io.konsil.scheduler.booking;

import java.time.Instant;
import java.util.List;

/**
 * A bookable period of one clinician. Hospital, region, specialty and languages are copied from the clinician so that
 * the earliest-slot search filters without joins. {@code hold*} are set while held; an expired hold counts as free.
 * {@code version} grows by one with every change of who has the slot (held, booked, freed): the appointment that takes
 * the slot carries the version it took it at, a fencing token that tells a later reader whether the slot has changed
 * hands since.
 */
public record Slot(String id, String clinicianId, String hospital, String region, String specialty, SlotMode mode,
                   List<String> languages, Instant start, Instant end, SlotStatus status, String holdId,
                   String holderId, Instant holdExpiresAt, String appointmentId, long version) {

  /** A new free slot. */
  public static Slot free(String id, String clinicianId, String hospital, String region, String specialty, SlotMode mode,
                          List<String> languages, Instant start, Instant end) {
    return new Slot(id, clinicianId, hospital, region, specialty, mode, List.copyOf(languages), start, end,
        SlotStatus.FREE, null, null, null, null, 0);
  }

  /** The status a reader sees at {@code now}: a hold past its expiry no longer blocks anyone. */
  public SlotStatus statusAt(Instant now) {
    if (status == SlotStatus.HELD && holdExpiresAt != null && !now.isBefore(holdExpiresAt)) {
      return SlotStatus.FREE;
    }
    return status;
  }

  /**
   * Whether {@code callerId} may book this slot at {@code now}: it has not started, and it is free (or its hold ran
   * out) or held by the caller (with {@code holdId}, when one is given).
   */
  public boolean isBookableBy(String holdId, String callerId, Instant now) {
    if (!start.isAfter(now)) {
      return false;
    }
    SlotStatus current = statusAt(now);
    return current == SlotStatus.FREE || (current == SlotStatus.HELD && callerId.equals(holderId)
        && (holdId == null || holdId.equals(this.holdId)));
  }

  /** Held at {@code now} by {@code holderId} under {@code holdId}. */
  public boolean isHeldBy(String holdId, String holderId, Instant now) {
    return statusAt(now) == SlotStatus.HELD && holdId != null && holdId.equals(this.holdId)
        && holderId.equals(this.holderId);
  }

  /** This slot with a lapsed hold cleared, so the next move starts from free. */
  public Slot freedIfLapsed(Instant now) {
    return status == SlotStatus.HELD && statusAt(now) == SlotStatus.FREE ? freed() : this;
  }

  public Slot held(String holdId, String holderId, Instant expiresAt) {
    return with(SlotStatus.HELD, holdId, holderId, expiresAt, null);
  }

  public Slot booked(String appointmentId) {
    return with(SlotStatus.BOOKED, null, null, null, appointmentId);
  }

  public Slot freed() {
    return with(SlotStatus.FREE, null, null, null, null);
  }

  private Slot with(SlotStatus next, String holdId, String holderId, Instant expiresAt, String appointmentId) {
    if (next != status && !status.mayMoveTo(next)) {
      throw new IllegalStateException("slot " + status + " -> " + next);
    }
    return new Slot(id, clinicianId, hospital, region, specialty, mode, languages, start, end, next, holdId, holderId,
        expiresAt, appointmentId, version + 1);
  }
}
