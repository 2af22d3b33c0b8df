package io.konsil.scheduler.store;

import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.Hospital;
import io.konsil.scheduler.network.Specialty;
import io.konsil.scheduler.schedule.Schedule;
import io.vertx.core.Future;
import java.util.List;

/** Hospitals, specialties, clinicians and their schedules. Lookups of unknown keys succeed with null. */
public interface NetworkStore {

  Future<Void> putHospital(Hospital hospital);

  Future<Hospital> hospital(String code);

  /** Sorted by code. */
  Future<List<Hospital>> hospitals();

  Future<Void> putSpecialty(Specialty specialty);

  /** Sorted by code. */
  Future<List<Specialty>> specialties();

  Future<Void> putClinician(Clinician clinician);

  Future<Clinician> clinician(String id);

  /** Sorted by id. */
  Future<List<Clinician>> clinicians();

  Future<Void> putSchedule(Schedule schedule);

  Future<Schedule> schedule(String clinicianId);

  /** Sets {@code marker} if absent; true only for the one caller that set it (e.g. the node that loads demo data). */
  Future<Boolean> claimMarker(String marker);
}
