package io.konsil.fhir.directory;

import io.konsil.common.token.Caller;
import io.konsil.fhir.error.FhirError;
import io.konsil.fhir.search.FhirResource;
import io.konsil.fhir.search.SearchParam;
import io.konsil.fhir.search.SearchParameters;
import io.konsil.fhir.search.SearchResult;
import io.konsil.fhir.vocabulary.Konsil;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.NetworkStore;
import io.vertx.core.Future;
import java.util.List;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.Practitioner;

/** Clinicians: anyone signed in may read the directory, as with /api/v1/clinicians. */
public final class PractitionerResource implements FhirResource {
  private final NetworkStore network;

  public PractitionerResource(NetworkStore network) {
    this.network = network;
  }

  @Override
  public String type() {
    return "Practitioner";
  }

  @Override
  public List<SearchParam> searchParams() {
    return List.of(
        new SearchParam("identifier", SearchParamType.TOKEN, "HPR number (" + Konsil.HPR + "|NUMBER) or Konsil user id"),
        new SearchParam("name", SearchParamType.STRING, "Name or a word of it starts with the value (case and accents ignored)"));
  }

  @Override
  public Future<Practitioner> read(Caller caller, String id) {
    return network.clinician(id).compose(c -> c == null
        ? Future.failedFuture(FhirError.NOT_FOUND.error("Practitioner/" + id + " is not known"))
        : Future.succeededFuture(DirectoryMapping.practitioner(c)));
  }

  @Override
  public Future<SearchResult> search(Caller caller, SearchParameters params) {
    List<SearchParameters.Token> identifiers = params.anyOf("identifier").stream().map(SearchParameters::token).toList();
    List<String> names = params.anyOf("name");
    return network.clinicians().map(all -> SearchResult.page(all.stream()
        .filter(c -> identifiers.isEmpty() || identifiers.stream().anyMatch(t -> t.matches(Konsil.HPR, c.hpr())
            || t.matches(Konsil.USER_ID, c.id())))
        .filter(c -> names.isEmpty() || names.stream().anyMatch(n -> Names.matches(c.name(), n)))
        .map(DirectoryMapping::practitioner).toList(), params));
  }

}
