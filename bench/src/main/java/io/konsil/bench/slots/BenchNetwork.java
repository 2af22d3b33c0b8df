package io.konsil.bench.slots;

import io.konsil.common.token.Role;
import io.konsil.scheduler.booking.SlotMode;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.Hospital;
import io.konsil.scheduler.network.Specialty;
import io.konsil.scheduler.schedule.Block;
import io.konsil.scheduler.schedule.Schedule;
import io.konsil.scheduler.schedule.WeeklyHours;
import io.konsil.scheduler.Stores;
import io.vertx.core.Future;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic hospital network for the scheduler benchmarks, deterministic for a seed so the load generator and the
 * server child build the same one: {@code hospitals} hospitals in four regions, {@code clinicians} clinicians each,
 * one of 20 specialties at random, languages nb (all), en (30 %), ar (3 %), so (1 %); nobody speaks sme, so a
 * search for it is the worst case (no match, the whole index scanned). Each clinician works every day from 08:00 in
 * 30-minute slots ({@code slotsPerDay} of them), 80 % by video. Slots are not written here: the scheduler's own
 * horizon generator cuts them from the schedules, as in production.
 */
public final class BenchNetwork {
  static final List<String> REGIONS = List.of("helse-sor-ost", "helse-vest", "helse-midt", "helse-nord");
  static final List<String> SPECIALTIES = List.of("cardiology", "dermatology", "endocrinology", "gastroenterology",
      "geriatrics", "gynecology", "hematology", "infectious-diseases", "nephrology", "neurology", "oncology",
      "ophthalmology", "orthopedics", "otorhinolaryngology", "pediatrics", "psychiatry", "pulmonology",
      "rheumatology", "urology", "general-practice");

  final int hospitals;
  final int cliniciansPerHospital;
  final int slotsPerDay;
  final long seed;
  final List<Hospital> hospitalList = new ArrayList<>();
  final List<Clinician> clinicianList = new ArrayList<>();
  final List<Schedule> schedules = new ArrayList<>();

  BenchNetwork(int hospitals, int cliniciansPerHospital, int slotsPerDay, long seed) {
    this.hospitals = hospitals;
    this.cliniciansPerHospital = cliniciansPerHospital;
    this.slotsPerDay = slotsPerDay;
    this.seed = seed;
    Random r = new Random(seed);
    for (int h = 0; h < hospitals; h++) {
      String code = String.format("H%03d", h);
      hospitalList.add(new Hospital(code, "Hospital " + code, REGIONS.get(h % REGIONS.size()), "Trust " + (h / 10)));
      for (int c = 0; c < cliniciansPerHospital; c++) {
        String id = "c-" + code + "-" + c;
        String specialty = SPECIALTIES.get(r.nextInt(SPECIALTIES.size()));
        List<String> languages = new ArrayList<>(List.of("nb"));
        if (r.nextDouble() < 0.30) {
          languages.add("en");
        }
        if (r.nextDouble() < 0.03) {
          languages.add("ar");
        }
        if (r.nextDouble() < 0.01) {
          languages.add("so");
        }
        clinicianList.add(new Clinician(id, "Clinician " + id, Role.SPECIALIST, "hpr-" + id, code, List.of(specialty),
            languages));
        SlotMode mode = r.nextDouble() < 0.8 ? SlotMode.VIDEO : SlotMode.IN_PERSON;
        Block block = new Block(LocalTime.of(8, 0), LocalTime.of(8, 0).plusMinutes(30L * slotsPerDay), mode, 30);
        List<WeeklyHours> week = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) {
          week.add(new WeeklyHours(d, block));
        }
        schedules.add(new Schedule(id, week, List.of()));
      }
    }
  }

  /** Hospitals, specialties, clinicians and schedules into {@code stores} through the public store ports. */
  Future<Void> load(Stores stores) {
    Future<Void> chain = Future.succeededFuture();
    for (String s : SPECIALTIES) {
      chain = chain.compose(v -> stores.network().putSpecialty(new Specialty(s, s, s)));
    }
    for (Hospital h : hospitalList) {
      chain = chain.compose(v -> stores.network().putHospital(h));
    }
    for (int i = 0; i < clinicianList.size(); i++) {
      Clinician c = clinicianList.get(i);
      Schedule s = schedules.get(i);
      chain = chain.compose(v -> stores.network().putClinician(c)).compose(v -> stores.schedules().put(s));
    }
    return chain;
  }

  int clinicians() {
    return clinicianList.size();
  }
}
