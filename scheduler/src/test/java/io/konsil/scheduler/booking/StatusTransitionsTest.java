package io.konsil.scheduler.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.konsil.scheduler.referral.ReferralStatus;
import io.konsil.scheduler.secondopinion.SecondOpinionStatus;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/** The whole transition table of each status, so that a change to one is a deliberate change to a test. */
class StatusTransitionsTest {

  private static <E extends Enum<E>> Set<String> allowed(Class<E> type, BiPredicate<E, E> may) {
    Set<String> moves = new java.util.TreeSet<>();
    for (E from : EnumSet.allOf(type)) {
      for (E to : EnumSet.allOf(type)) {
        if (may.test(from, to)) {
          moves.add(from + ">" + to);
        }
      }
    }
    return moves;
  }

  @Test
  void slotsMoveBetweenFreeHeldAndBooked() {
    assertEquals(Set.of("FREE>HELD", "FREE>BOOKED", "HELD>BOOKED", "HELD>FREE", "BOOKED>FREE"),
        allowed(SlotStatus.class, SlotStatus::mayMoveTo));
  }

  @Test
  void appointmentsFollowPresenceAndEndOnce() {
    assertEquals(Set.of("BOOKED>ARRIVED", "BOOKED>IN_PROGRESS", "BOOKED>CANCELLED", "BOOKED>NO_SHOW",
            "ARRIVED>IN_PROGRESS", "ARRIVED>CANCELLED", "ARRIVED>NO_SHOW", "IN_PROGRESS>FULFILLED"),
        allowed(AppointmentStatus.class, AppointmentStatus::mayMoveTo));
  }

  @Test
  void referralsAreAssessedThenScheduledThenCompleted() {
    assertEquals(Set.of("RECEIVED>ASSESSED", "RECEIVED>REJECTED", "ASSESSED>SCHEDULED", "ASSESSED>REJECTED",
            "SCHEDULED>COMPLETED", "SCHEDULED>ASSESSED"),
        allowed(ReferralStatus.class, ReferralStatus::mayMoveTo));
  }

  @Test
  void secondOpinionsAreAcceptedOnce() {
    assertEquals(Set.of("OPEN>ACCEPTED", "OPEN>CANCELLED", "ACCEPTED>COMPLETED"),
        allowed(SecondOpinionStatus.class, SecondOpinionStatus::mayMoveTo));
  }
}
