package io.konsil.fhir.slot;

import io.konsil.common.token.Caller;
import io.konsil.fhir.error.FhirError;
import io.konsil.fhir.search.FhirResource;
import io.konsil.fhir.search.SearchParam;
import io.konsil.fhir.search.SearchParameters;
import io.konsil.fhir.search.SearchResult;
import io.konsil.scheduler.network.NetworkStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.Schedule;

/** One Schedule per clinician (id = the clinician's id); anyone signed in may read it, as they may search its slots. */
public final class ScheduleResource implements FhirResource {
  private final NetworkStore network;
  private final Clock clock;
  private final int horizonDays;

  public ScheduleResource(NetworkStore network, Clock clock, int horizonDays) {
    this.network = network;
    this.clock = clock;
    this.horizonDays = horizonDays;
  }

  @Override
  public String type() {
    return "Schedule";
  }

  @Override
  public List<SearchParam> searchParams() {
    return List.of(new SearchParam("actor", SearchParamType.REFERENCE, "Practitioner/ID: the clinician's schedule"));
  }

  @Override
  public Future<Schedule> read(Caller caller, String id) {
    return network.clinician(id).compose(c -> c == null
        ? Future.failedFuture(FhirError.NOT_FOUND.error("Schedule/" + id + " is not known"))
        : network.specialties().map(s -> SlotMapping.schedule(c, s, clock.instant(), horizonDays)));
  }

  @Override
  public Future<SearchResult> search(Caller caller, SearchParameters params) {
    List<String> actors = params.anyOf("actor").stream()
        .map(v -> SearchParameters.reference("actor", v, "Practitioner")).toList();
    return network.specialties().compose(specialties -> network.clinicians().map(all -> SearchResult.page(all.stream()
        .filter(c -> actors.isEmpty() || actors.contains(c.id()))
        .map(c -> SlotMapping.schedule(c, specialties, clock.instant(), horizonDays)).toList(), params)));
  }
}
