package io.konsil.scheduler.network.memory;

import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.Hospital;
import io.konsil.scheduler.network.Specialty;
import io.konsil.scheduler.network.NetworkStore;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

public final class MemoryNetworkStore implements NetworkStore {
  private final Map<String, Hospital> hospitals = new ConcurrentHashMap<>();
  private final Map<String, Specialty> specialties = new ConcurrentHashMap<>();
  private final Map<String, Clinician> clinicians = new ConcurrentHashMap<>();
  private final Set<String> markers = ConcurrentHashMap.newKeySet();

  @Override
  public Future<Void> putHospital(Hospital hospital) {
    hospitals.put(hospital.code(), hospital);
    return Future.succeededFuture();
  }

  @Override
  public Future<Hospital> hospital(String code) {
    return Future.succeededFuture(code == null ? null : hospitals.get(code));
  }

  @Override
  public Future<List<Hospital>> hospitals() {
    return Future.succeededFuture(hospitals.values().stream().sorted(Comparator.comparing(Hospital::code)).toList());
  }

  @Override
  public Future<Void> putSpecialty(Specialty specialty) {
    specialties.put(specialty.code(), specialty);
    return Future.succeededFuture();
  }

  @Override
  public Future<List<Specialty>> specialties() {
    return Future.succeededFuture(specialties.values().stream().sorted(Comparator.comparing(Specialty::code)).toList());
  }

  @Override
  public Future<Void> putClinician(Clinician clinician) {
    clinicians.put(clinician.id(), clinician);
    return Future.succeededFuture();
  }

  @Override
  public Future<Clinician> clinician(String id) {
    return Future.succeededFuture(id == null ? null : clinicians.get(id));
  }

  @Override
  public Future<List<Clinician>> clinicians() {
    return Future.succeededFuture(clinicians.values().stream().sorted(Comparator.comparing(Clinician::id)).toList());
  }

  @Override
  public Future<Boolean> claimMarker(String marker) {
    return Future.succeededFuture(markers.add(marker));
  }
}
