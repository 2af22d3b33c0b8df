package io.konsil.scheduler.demo;

import io.konsil.common.room.RoomName;
import io.konsil.common.token.Role;
import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.AppointmentKind;
import io.konsil.scheduler.booking.AppointmentStatus;
import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.booking.SlotMode;
import io.konsil.scheduler.booking.SlotQuery;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.Hospital;
import io.konsil.scheduler.network.NetworkStore;
import io.konsil.scheduler.network.Specialty;
import io.konsil.scheduler.referral.Priority;
import io.konsil.scheduler.referral.Referral;
import io.konsil.scheduler.referral.ReferralStatus;
import io.konsil.scheduler.referral.ReferralStore;
import io.konsil.scheduler.schedule.Block;
import io.konsil.scheduler.schedule.Schedule;
import io.konsil.scheduler.schedule.ScheduleStore;
import io.konsil.scheduler.schedule.SlotGenerator;
import io.konsil.scheduler.schedule.WeeklyHours;
import io.konsil.scheduler.secondopinion.SecondOpinion;
import io.konsil.scheduler.secondopinion.SecondOpinionStatus;
import io.konsil.scheduler.secondopinion.SecondOpinionStore;
import io.konsil.scheduler.booking.BookCommand;
import io.konsil.scheduler.booking.BookingStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deterministic demo network: 8 members in 2 health regions (6 hospitals, 2 GP practices), 42 specialists across
 * 9 specialties, 4 GPs, a nurse, an admin and 6 patients, with 14 days of slots, referrals in every state, historic
 * appointments for waiting-time figures and appointments starting within minutes of node start (so a demo call can
 * begin at once). Loading is idempotent: a marker in the store makes every later load (another node on the same
 * store, a restart) a no-op.
 */
public final class DemoData {
  public static final String MARKER = "demo-data:v1";
  /** Half-second tries while another node finishes loading (a minute at most). */
  static final int LOAD_WAIT_ATTEMPTS = 120;
  public static final String HSO = "helse-sor-ost";
  public static final String VEST = "helse-vest";

  public static final List<Hospital> HOSPITALS = List.of(
      new Hospital("OUS", "Oslo universitetssykehus", HSO, "Oslo universitetssykehus HF"),
      new Hospital("AHUS", "Akershus universitetssykehus", HSO, "Akershus universitetssykehus HF"),
      new Hospital("SI", "Sykehuset Innlandet", HSO, "Sykehuset Innlandet HF"),
      new Hospital("HUS", "Haukeland universitetssjukehus", VEST, "Helse Bergen HF"),
      new Hospital("SUS", "Stavanger universitetssjukehus", VEST, "Helse Stavanger HF"),
      new Hospital("HF", "Haugesund sjukehus", VEST, "Helse Fonna HF"),
      new Hospital("SLK", "Sagene legekontor", HSO, "Fastlegekontor"),
      new Hospital("BLS", "Bergen legesenter", VEST, "Fastlegekontor"));

  public static final List<Specialty> SPECIALTIES = List.of(
      new Specialty("cardiology", "Cardiology", "Hjertesykdommer"),
      new Specialty("dermatology", "Dermatology", "Hudsykdommer"),
      new Specialty("psychiatry", "Psychiatry", "Psykiatri"),
      new Specialty("orthopaedics", "Orthopaedics", "Ortopedisk kirurgi"),
      new Specialty("neurology", "Neurology", "Nevrologi"),
      new Specialty("oncology", "Oncology", "Onkologi"),
      new Specialty("paediatrics", "Paediatrics", "Barnesykdommer"),
      new Specialty("endocrinology", "Endocrinology", "Endokrinologi"),
      new Specialty("gastroenterology", "Gastroenterology", "Fordøyelsessykdommer"),
      new Specialty("general-practice", "General practice", "Allmennmedisin"));

  private static final List<String> FIRST = List.of("Ingrid", "Lars", "Anne", "Erik", "Kristin", "Ole", "Hilde", "Bjørn",
      "Marit", "Knut", "Siri", "Tor", "Ragnhild", "Håkon", "Liv", "Magnus", "Solveig", "Eirik", "Ida", "Sindre", "Tone");
  private static final List<String> LAST = List.of("Johansen", "Hansen", "Olsen", "Berg", "Haugen", "Bakke", "Lie",
      "Moen", "Dahl", "Solberg", "Strand", "Lunde", "Aas", "Nilsen", "Kristiansen", "Eide", "Jacobsen", "Holm", "Sæther",
      "Vik", "Brekke", "Hagen", "Myhre");
  private static final List<List<String>> LANGUAGES = List.of(List.of("nb", "en"), List.of("nb", "en", "ar"),
      List.of("nn", "nb", "en"), List.of("nb", "en", "pl"), List.of("nb", "en", "so"), List.of("nb", "en", "ur"));

  public static final List<DemoUser> PATIENTS = List.of(
      new DemoUser("patient-kari", "Kari Nordmann", Role.PATIENT, null, List.of()),
      new DemoUser("patient-ola", "Ola Nordmann", Role.PATIENT, null, List.of()),
      new DemoUser("patient-aisha", "Aisha Khan", Role.PATIENT, null, List.of()),
      new DemoUser("patient-lars", "Lars Johansen", Role.PATIENT, null, List.of()),
      new DemoUser("patient-sofie", "Sofie Eriksen", Role.PATIENT, null, List.of()),
      new DemoUser("patient-jonas", "Jonas Haugen", Role.PATIENT, null, List.of()));

  public static final DemoUser ADMIN = new DemoUser("admin-konsil", "Konsil Admin", Role.ADMIN, "OUS", List.of());

  private final NetworkStore network;
  private final ScheduleStore schedules;
  private final BookingStore bookings;
  private final ReferralStore referrals;
  private final SecondOpinionStore secondOpinions;

  public DemoData(NetworkStore network, ScheduleStore schedules, BookingStore bookings, ReferralStore referrals,
                  SecondOpinionStore secondOpinions) {
    this.network = network;
    this.schedules = schedules;
    this.bookings = bookings;
    this.referrals = referrals;
    this.secondOpinions = secondOpinions;
  }

  /** Every clinician of the demo network, in a fixed order. */
  public static List<Clinician> clinicians() {
    List<Clinician> list = new ArrayList<>();
    list.add(new Clinician("gp-hansen", "Ingrid Hansen", Role.GP, "9000001", "SLK", List.of("general-practice"),
        List.of("nb", "en")));
    list.add(new Clinician("gp-olsen", "Per Olsen", Role.GP, "9000002", "SLK", List.of("general-practice"),
        List.of("nb", "en", "pl")));
    list.add(new Clinician("gp-larsen", "Marte Larsen", Role.GP, "9000003", "BLS", List.of("general-practice"),
        List.of("nn", "nb", "en")));
    list.add(new Clinician("gp-berg", "Nils Berg", Role.GP, "9000004", "BLS", List.of("general-practice"),
        List.of("nn", "nb", "en", "ar")));
    list.add(new Clinician("nurse-dahl", "Silje Dahl", Role.NURSE, "9000005", "OUS", List.of("cardiology"),
        List.of("nb", "en")));
    List<Specialty> specialist = SPECIALTIES.subList(0, 9);
    int n = 0;
    for (int h = 0; h < 6; h++) {
      Hospital hospital = HOSPITALS.get(h);
      for (int k = 0; k < 7; k++) {
        String specialty = specialist.get((h * 2 + k) % specialist.size()).code();
        String name = FIRST.get(n % FIRST.size()) + " " + LAST.get((n * 5 + h) % LAST.size());
        list.add(new Clinician("spec-" + hospital.code().toLowerCase(Locale.ROOT) + "-" + specialty, name,
            Role.SPECIALIST, String.valueOf(9100000 + n), hospital.code(), List.of(specialty),
            LANGUAGES.get(n % LANGUAGES.size())));
        n++;
      }
    }
    return list;
  }

  /** Everyone the demo sign-in knows: patients, clinicians, the admin. */
  public static List<DemoUser> users() {
    List<DemoUser> users = new ArrayList<>(PATIENTS);
    clinicians().forEach(c -> users.add(new DemoUser(c.id(), c.name(), c.role(), c.hospital(), c.specialties(),
        c.hpr())));
    users.add(ADMIN);
    return users;
  }

  static Schedule scheduleOf(Clinician c, int index) {
    List<WeeklyHours> weekly = new ArrayList<>();
    for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
        DayOfWeek.FRIDAY)) {
      if (c.role() == Role.GP) {
        weekly.add(new WeeklyHours(day, new Block(LocalTime.of(8, 0), LocalTime.of(11, 30), SlotMode.VIDEO, 15)));
        weekly.add(new WeeklyHours(day, new Block(LocalTime.of(12, 0), LocalTime.of(15, 30), SlotMode.IN_PERSON, 15)));
      } else {
        // Staggered starts so that the network's earliest slots are spread across hospitals.
        LocalTime start = LocalTime.of(8, 0).plusMinutes(10L * (index % 4));
        weekly.add(new WeeklyHours(day, new Block(start, start.plusHours(3), SlotMode.VIDEO, 20)));
        SlotMode afternoon = (day.getValue() + index) % 3 == 0 ? SlotMode.IN_PERSON : SlotMode.VIDEO;
        weekly.add(new WeeklyHours(day, new Block(LocalTime.of(12, 0), LocalTime.of(14, 30), afternoon, 30)));
      }
    }
    return new Schedule(c.id(), weekly, List.of());
  }

  /**
   * Loads the demo network unless another load already did (true when this call loaded it). When it was loaded before
   * — by another node on the same Redis, maybe hours ago — the appointments meant to be joined at once are renewed if
   * they would not stay joinable for {@link #JOINABLE_FOR} from now.
   */
  public Future<Boolean> load(Clock clock, ZoneId zone, int horizonDays) {
    return network.claimMarker(MARKER).compose(first -> first
        ? populate(clock, zone, horizonDays).map(true)
        : keepJoinableOnceLoaded(clock, 1).map(false));
  }

  /**
   * Another node that started at the same moment may still be loading (it claimed the marker first): renewing its
   * appointments fails until their slots exist, so try again for a while.
   */
  private Future<Void> keepJoinableOnceLoaded(Clock clock, int attempt) {
    return keepJoinable(clock.instant()).recover(err -> {
      io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
      if (attempt >= LOAD_WAIT_ATTEMPTS || context == null) {
        return Future.failedFuture(err);
      }
      return Future.<Void>future(p -> context.owner().setTimer(500, t -> p.complete()))
          .compose(v -> keepJoinableOnceLoaded(clock, attempt + 1));
    });
  }

  private Future<Void> populate(Clock clock, ZoneId zone, int horizonDays) {
    Instant now = clock.instant();
    LocalDate today = LocalDate.now(clock.withZone(zone));
    List<Future<?>> writes = new ArrayList<>();
    HOSPITALS.forEach(h -> writes.add(network.putHospital(h)));
    SPECIALTIES.forEach(s -> writes.add(network.putSpecialty(s)));
    List<Clinician> clinicians = clinicians();
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < clinicians.size(); i++) {
      Clinician c = clinicians.get(i);
      Hospital h = hospital(c.hospital());
      Schedule schedule = scheduleOf(c, i);
      writes.add(network.putClinician(c));
      writes.add(schedules.put(schedule));
      slots.addAll(SlotGenerator.generate(c, h, schedule, today, horizonDays, now, zone));
    }
    writes.add(bookings.addSlots(withoutSoonOverlaps(slots, now)));
    return Future.all(writes)
        .compose(v -> history(now, zone))
        .compose(v -> referralsInEveryState(now, today, zone))
        .compose(v -> startingSoon(now))
        .compose(v -> openSecondOpinion(now))
        .mapEmpty();
  }

  /** Fulfilled referred appointments in the past: the data behind the median waiting days. */
  private Future<Void> history(Instant now, ZoneId zone) {
    List<Future<?>> writes = new ArrayList<>();
    List<Clinician> specialists = clinicians().stream().filter(c -> c.role() == Role.SPECIALIST).toList();
    for (int i = 0; i < specialists.size(); i++) {
      Clinician c = specialists.get(i);
      Hospital h = hospital(c.hospital());
      for (int j = 0; j < 3; j++) {
        long leadDays = 5 + ((i * 7L + j * 11L) % (10 + 4L * (i % 6)));
        Instant start = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2 + (i + j) % 20));
        Instant received = start.minus(Duration.ofDays(leadDays));
        String referralId = "r-demo-history-" + i + "-" + j;
        String patientId = "patient-history-" + i + "-" + j;
        String appointmentId = "a-demo-history-" + i + "-" + j;
        Slot slot = Slot.free(c.id() + "-history-" + j, c.id(), h.code(), h.region(), c.primarySpecialty(),
            SlotMode.VIDEO, c.languages(), start, start.plus(Duration.ofMinutes(20))).booked(appointmentId);
        Appointment a = new Appointment(appointmentId, slot.id(), patientId, null, c.id(), h.code(),
            c.primarySpecialty(), SlotMode.VIDEO, slot.start(), slot.end(), AppointmentKind.SPECIALIST_CONSULTATION,
            AppointmentStatus.FULFILLED, RoomName.newRoom(), referralId, received, slot.version());
        writes.add(referrals.put(new Referral(referralId, patientId, null, "gp-larsen", "Marte Larsen",
            c.primarySpecialty(), Priority.NORMAL, "Historic referral", received.atZone(zone).toLocalDate()
            .plusWeeks(8), false, h.code(), ReferralStatus.COMPLETED, received, c.id(), null, a.id())));
        writes.add(bookings.restore(slot, a));
      }
    }
    return Future.all(writes).mapEmpty();
  }

  private Future<Void> referralsInEveryState(Instant now, LocalDate today, ZoneId zone) {
    Instant yesterday = now.minus(Duration.ofDays(1));
    List<Future<?>> writes = new ArrayList<>();
    writes.add(referrals.put(new Referral("r-demo-received", "patient-ola", "Ola Nordmann", "gp-hansen",
        "Ingrid Hansen", "cardiology", Priority.NORMAL, "Exertional chest pain for 3 months; please assess.",
        today.plusWeeks(12), false, null, ReferralStatus.RECEIVED, yesterday, null, null, null)));
    writes.add(referrals.put(new Referral("r-demo-cancer", "patient-sofie", "Sofie Eriksen", "gp-larsen",
        "Marte Larsen", "oncology", Priority.URGENT, "Palpable breast lump, suspected malignancy.", today.plusDays(7),
        true, "SUS", ReferralStatus.RECEIVED, now.minus(Duration.ofHours(3)), null, null, null)));
    writes.add(referrals.put(new Referral("r-demo-assessed", "patient-kari", "Kari Nordmann", "gp-hansen",
        "Ingrid Hansen", "dermatology", Priority.NORMAL, "Changing naevus on the back.", today.plusWeeks(8), false, null,
        ReferralStatus.ASSESSED, now.minus(Duration.ofDays(4)), "spec-ous-dermatology", "Right to care granted.",
        null)));
    writes.add(referrals.put(new Referral("r-demo-rejected", "patient-jonas", "Jonas Haugen", "gp-olsen",
        "Per Olsen", "psychiatry", Priority.NORMAL, "Low mood after bereavement.", today.plusWeeks(12), false, null,
        ReferralStatus.REJECTED, now.minus(Duration.ofDays(6)), "spec-ahus-psychiatry",
        "Follow up in primary care first.", null)));
    Referral scheduled = new Referral("r-demo-scheduled", "patient-lars", "Lars Johansen", "gp-berg", "Nils Berg",
        "orthopaedics", Priority.NORMAL, "Knee pain after a fall, instability.", today.plusWeeks(10), false, null,
        ReferralStatus.ASSESSED, now.minus(Duration.ofDays(10)), "spec-ous-orthopaedics", null, null);
    writes.add(referrals.put(scheduled));
    return Future.all(writes).compose(v -> bookings.search(new SlotQuery(
        "orthopaedics", null, null, SlotMode.VIDEO, null, now.plus(Duration.ofDays(3)), null, 1, null), now))
        .compose(page -> {
          if (page.items().isEmpty()) {
            return Future.succeededFuture();
          }
          BookCommand book = new BookCommand("gp-berg", "demo-scheduled", "demo", page.items().get(0).id(), null,
              "patient-lars", "Lars Johansen", AppointmentKind.SPECIALIST_CONSULTATION, scheduled.id(),
              "a-demo-scheduled", RoomName.newRoom(), now);
          return bookings.book(book).compose(b -> referrals.transition(scheduled.id(),
              ReferralStatus.ASSESSED, ReferralStatus.SCHEDULED, null, null, b.appointment().id())).mapEmpty();
        });
  }

  /** A demo appointment relative to the moment of loading. */
  private record Soon(String clinicianId, String patientId, String patientName, int minutesFromNow,
                      AppointmentKind kind, String appointmentId) {
    Instant start(Instant now) {
      return now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(minutesFromNow));
    }

    Instant end(Instant now) {
      return start(now).plus(SOON_LENGTH);
    }
  }

  private static final Duration SOON_LENGTH = Duration.ofMinutes(20);

  /**
   * Appointments relative to the moment of loading, so a demo call can start at once: Kari with her GP in 5 minutes,
   * Aisha with the OUS cardiologist in 5 minutes (both joinable at once), Ola with the same GP in 30 minutes, Kari
   * with the cardiologist in 40 minutes. They get slots of their own; generated slots they overlap are left out
   * ({@link #withoutSoonOverlaps}), so no clinician is ever offered two things at once.
   */
  private static final List<Soon> SOON = List.of(
      new Soon("gp-hansen", "patient-kari", "Kari Nordmann", 5, AppointmentKind.GP_CONSULTATION, "a-demo-kari-now"),
      new Soon("spec-ous-cardiology", "patient-aisha", "Aisha Khan", 5, AppointmentKind.SPECIALIST_CONSULTATION,
          "a-demo-aisha-now"),
      new Soon("gp-hansen", "patient-ola", "Ola Nordmann", 30, AppointmentKind.GP_CONSULTATION, "a-demo-ola-soon"),
      new Soon("spec-ous-cardiology", "patient-kari", "Kari Nordmann", 40, AppointmentKind.SPECIALIST_CONSULTATION,
          "a-demo-kari-cardiology"));

  /** The generated slots minus those that overlap a starting-soon appointment of the same clinician. */
  static List<Slot> withoutSoonOverlaps(List<Slot> generated, Instant now) {
    return generated.stream().filter(slot -> SOON.stream().noneMatch(soon -> soon.clinicianId()
        .equals(slot.clinicianId()) && slot.start().isBefore(soon.end(now)) && soon.start(now).isBefore(slot.end())))
        .toList();
  }

  /** How long the "join now" appointments stay joinable after any node starts with --demo (DESIGN.md: at least 20 min). */
  static final Duration JOINABLE_FOR = Duration.ofMinutes(20);

  /**
   * The "join now" appointments again at now + 5 minutes, if they are gone, no longer active, or end within
   * {@link #JOINABLE_FOR}; on a fresh slot of their own, keeping their room. Nodes starting together renew once (a
   * marker per ten minutes). The renewed slot is not carved out of the clinician's free slots, so it may overlap one.
   */
  private Future<Void> keepJoinable(Instant now) {
    List<Future<?>> renewals = new ArrayList<>();
    SOON.stream().filter(soon -> soon.minutesFromNow() == 5).forEach(soon -> renewals.add(
        bookings.appointment(soon.appointmentId()).compose(a -> {
          // Absent: the node that claimed the load is still writing it (nodes started together).
          boolean joinable = a == null || (a.status().isActive() && !a.end().isBefore(now.plus(JOINABLE_FOR)));
          if (joinable) {
            return Future.succeededFuture();
          }
          String marker = MARKER + ":renewed:" + soon.appointmentId() + ":" + now.getEpochSecond() / 600;
          return network.claimMarker(marker).compose(mine -> mine ? renew(soon, a, now) : Future.succeededFuture());
        })));
    return Future.all(renewals).mapEmpty();
  }

  private Future<Void> renew(Soon soon, Appointment old, Instant now) {
    Clinician c = clinicians().stream().filter(x -> x.id().equals(soon.clinicianId())).findFirst().orElseThrow();
    Hospital h = hospital(c.hospital());
    String id = soon.appointmentId();
    Slot slot = Slot.free(c.id() + "-demo-" + id + "-" + now.getEpochSecond() / 60, c.id(), h.code(), h.region(),
        c.primarySpecialty(), SlotMode.VIDEO, c.languages(), soon.start(now), soon.end(now)).booked(id);
    Appointment renewed = new Appointment(id, slot.id(), soon.patientId(), soon.patientName(), c.id(), h.code(),
        c.primarySpecialty(), SlotMode.VIDEO, slot.start(), slot.end(), soon.kind(), AppointmentStatus.BOOKED,
        old != null ? old.room() : RoomName.newRoom(), null, now, slot.version());
    return bookings.restore(slot, renewed);
  }

  private Future<Void> startingSoon(Instant now) {
    List<Future<?>> writes = new ArrayList<>();
    SOON.forEach(soon -> writes.add(soon(soon, now)));
    return Future.all(writes).mapEmpty();
  }

  private Future<Void> soon(Soon soon, Instant now) {
    Clinician c = clinicians().stream().filter(x -> x.id().equals(soon.clinicianId())).findFirst().orElseThrow();
    Hospital h = hospital(c.hospital());
    Slot slot = Slot.free(c.id() + "-demo-" + soon.appointmentId(), c.id(), h.code(), h.region(),
        c.primarySpecialty(), SlotMode.VIDEO, c.languages(), soon.start(now), soon.end(now));
    // Booked as the patient (no booker): a made-up booker id would become a party to the appointment.
    BookCommand book = new BookCommand(soon.patientId(), soon.appointmentId(), "demo", slot.id(), null, soon.patientId(),
        soon.patientName(), soon.kind(), null, soon.appointmentId(), RoomName.newRoom(), now);
    return bookings.addSlots(List.of(slot)).compose(v -> bookings.book(book)).mapEmpty();
  }

  private Future<Void> openSecondOpinion(Instant now) {
    return secondOpinions.put(new SecondOpinion("so-demo-open", "gp-hansen", "Ingrid Hansen", "SLK",
        "cardiology", "ECG with intermittent AV block; is a pacemaker assessment indicated?", "patient-kari", List.of(),
        SecondOpinionStatus.OPEN, now.minus(Duration.ofMinutes(40)), null, null, null, null, null, null));
  }

  static Hospital hospital(String code) {
    return HOSPITALS.stream().filter(h -> h.code().equals(code)).findFirst().orElseThrow();
  }
}
