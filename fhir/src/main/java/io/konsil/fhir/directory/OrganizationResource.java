package io.konsil.fhir.directory;

import io.konsil.common.token.Caller;
import io.konsil.fhir.error.FhirError;
import io.konsil.fhir.search.FhirResource;
import io.konsil.fhir.search.SearchParam;
import io.konsil.fhir.search.SearchParameters;
import io.konsil.fhir.search.SearchResult;
import io.konsil.fhir.vocabulary.Konsil;
import io.konsil.scheduler.network.NetworkStore;
import io.vertx.core.Future;
import java.util.List;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.Organization;

/** Hospitals of the network, by their Konsil code; anyone signed in may read them, as with /api/v1/hospitals. */
public final class OrganizationResource implements FhirResource {
  private final NetworkStore network;

  public OrganizationResource(NetworkStore network) {
    this.network = network;
  }

  @Override
  public String type() {
    return "Organization";
  }

  @Override
  public List<SearchParam> searchParams() {
    return List.of(
        new SearchParam("identifier", SearchParamType.TOKEN, "Hospital code (" + Konsil.HOSPITAL_CODE
            + "|CODE) or organisation number (" + Konsil.ORGANISATION_NUMBER + "|NUMBER) where the directory has one"),
        new SearchParam("name", SearchParamType.STRING, "Name or a word of it starts with the value"));
  }

  @Override
  public Future<Organization> read(Caller caller, String id) {
    return network.hospital(id).compose(h -> h == null
        ? Future.failedFuture(FhirError.NOT_FOUND.error("Organization/" + id + " is not known"))
        : Future.succeededFuture(DirectoryMapping.organization(h)));
  }

  @Override
  public Future<SearchResult> search(Caller caller, SearchParameters params) {
    List<SearchParameters.Token> identifiers = params.anyOf("identifier").stream().map(SearchParameters::token).toList();
    List<String> names = params.anyOf("name");
    return network.hospitals().map(all -> SearchResult.page(all.stream()
        .map(DirectoryMapping::organization)
        .filter(o -> identifiers.isEmpty() || identifiers.stream().anyMatch(t -> o.getIdentifier().stream()
            .anyMatch(i -> t.matches(i.getSystem(), i.getValue()))))
        .filter(o -> names.isEmpty() || names.stream().anyMatch(n -> Names.matches(o.getName(), n)
            || o.getAlias().stream().anyMatch(a -> Names.matches(a.getValue(), n))))
        .toList(), params));
  }
}
