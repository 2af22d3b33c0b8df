package io.konsil.scheduler.network;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The network directory: hospitals, specialties and clinicians. Lookups of unknown keys succeed with null. */
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

  /** Sets {@code marker} if absent; true only for the one caller that set it (e.g. the node that loads demo data). */
  Future<Boolean> claimMarker(String marker);

  /** Every clinician by id (for showing names next to appointments). */
  default Future<Map<String, Clinician>> cliniciansById() {
    return clinicians().map(list -> list.stream().collect(Collectors.toMap(Clinician::id, Function.identity())));
  }
}
