package io.konsil.scheduler.waiting;

import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.AppointmentStatus;
import io.konsil.scheduler.booking.BookingStore;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.Hospital;
import io.konsil.scheduler.network.NetworkStore;
import io.konsil.scheduler.referral.Referral;
import io.konsil.scheduler.referral.ReferralStore;
import io.konsil.scheduler.booking.SlotQuery;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Waiting times computed from the data itself, per hospital and specialty: next free slot, and the median of
 * (first appointment date − referral received date) in days over referrals that got an appointment (cancelled ones
 * excluded; a referral booked twice counts its earliest appointment).
 */
public final class WaitingTimes {
  private final NetworkStore network;
  private final BookingStore bookings;
  private final ReferralStore referrals;
  private final Clock clock;
  private final ZoneId zone;

  public WaitingTimes(NetworkStore network, BookingStore bookings, ReferralStore referrals, Clock clock,
                      ZoneId zone) {
    this.network = network;
    this.bookings = bookings;
    this.referrals = referrals;
    this.clock = clock;
    this.zone = zone;
  }

  public Future<List<WaitingTime>> compute(String specialty, String region) {
    return network.hospitals().compose(hospitals -> network.clinicians().compose(clinicians ->
        leadTimes().compose(lead -> {
          List<Future<WaitingTime>> rows = new ArrayList<>();
          for (Hospital h : hospitals) {
            if (region != null && !region.equals(h.region())) {
              continue;
            }
            TreeSet<String> offered = new TreeSet<>();
            for (Clinician c : clinicians) {
              if (h.code().equals(c.hospital()) && c.primarySpecialty() != null) {
                offered.add(c.primarySpecialty());
              }
            }
            for (String s : offered) {
              if (specialty == null || specialty.equals(s)) {
                rows.add(row(h, s, lead.getOrDefault(h.code() + '|' + s, List.of())));
              }
            }
          }
          return Future.all(rows).map(all -> {
            List<WaitingTime> list = new ArrayList<>(all.<WaitingTime>list());
            list.sort(Comparator.comparing(WaitingTime::specialty)
                .thenComparing(w -> w.nextAvailable() == null ? LocalDate.MAX : w.nextAvailable())
                .thenComparing(WaitingTime::hospital));
            return list;
          });
        })));
  }

  private Future<WaitingTime> row(Hospital h, String specialty, List<Long> days) {
    SlotQuery first = new SlotQuery(specialty, h.code(), null, null, null, null, null, 1, null);
    return bookings.search(first, clock.instant()).map(page -> new WaitingTime(h.code(), h.name(), h.region(),
        specialty, page.items().isEmpty() ? null : page.items().get(0).start().atZone(zone).toLocalDate(),
        median(days), days.size()));
  }

  /** Days from referral to first appointment, keyed "hospital|specialty". */
  private Future<Map<String, List<Long>>> leadTimes() {
    return bookings.appointmentsWithReferral().compose(appointments -> {
      Map<String, Appointment> firstPerReferral = new HashMap<>();
      for (Appointment a : appointments) {
        if (a.status() == AppointmentStatus.CANCELLED) {
          continue;
        }
        firstPerReferral.merge(a.referralId(), a, (x, y) -> x.start().isBefore(y.start()) ? x : y);
      }
      List<Future<Referral>> referred = firstPerReferral.keySet().stream()
          .map(id -> referrals.get(id)).toList();
      return Future.all(referred).map(all -> {
        Map<String, List<Long>> byKey = new HashMap<>();
        all.<Referral>list().stream().filter(Objects::nonNull).forEach(r -> {
          Appointment a = firstPerReferral.get(r.id());
          long days = ChronoUnit.DAYS.between(r.receivedAt().atZone(zone).toLocalDate(),
              a.start().atZone(zone).toLocalDate());
          byKey.computeIfAbsent(a.hospital() + '|' + r.specialty(), k -> new ArrayList<>()).add(days);
        });
        return byKey;
      });
    });
  }

  static Double median(List<Long> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2).doubleValue() : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }
}
