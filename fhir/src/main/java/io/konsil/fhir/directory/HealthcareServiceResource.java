package io.konsil.fhir.directory;

import io.konsil.common.token.Caller;
import io.konsil.fhir.error.FhirError;
import io.konsil.fhir.search.FhirResource;
import io.konsil.fhir.search.SearchParam;
import io.konsil.fhir.search.SearchParameters;
import io.konsil.fhir.search.SearchResult;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.Hospital;
import io.konsil.scheduler.network.NetworkStore;
import io.konsil.scheduler.network.Specialty;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.HealthcareService;

/**
 * What a hospital offers: one HealthcareService per hospital and specialty that a clinician of that hospital practises
 * (id {@code HOSPITAL-specialty}, e.g. {@code OUS-cardiology}). Derived from the directory, never stored apart.
 */
public final class HealthcareServiceResource implements FhirResource {
  private final NetworkStore network;

  public HealthcareServiceResource(NetworkStore network) {
    this.network = network;
  }

  @Override
  public String type() {
    return "HealthcareService";
  }

  @Override
  public List<SearchParam> searchParams() {
    return List.of(
        new SearchParam("organization", SearchParamType.REFERENCE, "Organization/CODE: the hospital offering it"),
        new SearchParam("service-type", SearchParamType.TOKEN, "Specialty code (HealthcareService.type)"));
  }

  @Override
  public Future<HealthcareService> read(Caller caller, String id) {
    return all().compose(list -> list.stream().filter(s -> s.getIdElement().getIdPart().equals(id)).findFirst()
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(FhirError.NOT_FOUND.error("HealthcareService/" + id + " is not known"))));
  }

  @Override
  public Future<SearchResult> search(Caller caller, SearchParameters params) {
    List<String> organizations = params.anyOf("organization").stream()
        .map(v -> SearchParameters.reference("organization", v, "Organization")).toList();
    List<SearchParameters.Token> types = params.anyOf("service-type").stream().map(SearchParameters::token).toList();
    return all().map(list -> SearchResult.page(list.stream()
        .filter(s -> organizations.isEmpty() || organizations.contains(s.getProvidedBy().getReferenceElement().getIdPart()))
        .filter(s -> types.isEmpty() || types.stream().anyMatch(t -> s.getType().stream()
            .flatMap(cc -> cc.getCoding().stream()).anyMatch(c -> t.matches(c.getSystem(), c.getCode()))))
        .toList(), params));
  }

  private Future<List<HealthcareService>> all() {
    return network.hospitals().compose(hospitals -> network.specialties().compose(specialties ->
        network.clinicians().map(clinicians -> services(hospitals, specialties, clinicians))));
  }

  static List<HealthcareService> services(List<Hospital> hospitals, List<Specialty> specialties,
                                          List<Clinician> clinicians) {
    List<HealthcareService> out = new ArrayList<>();
    for (Hospital h : hospitals) {
      Set<String> offered = new LinkedHashSet<>();
      clinicians.stream().filter(c -> h.code().equals(c.hospital())).forEach(c -> offered.addAll(c.specialties()));
      specialties.stream().filter(s -> offered.contains(s.code())).sorted(Comparator.comparing(Specialty::code))
          .forEach(s -> out.add(DirectoryMapping.service(h, s)));
    }
    return out;
  }
}
