package io.konsil.fhir.search;

import io.konsil.common.token.Caller;
import io.vertx.core.Future;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;

/**
 * One resource type the facade serves: read by id and search with exactly {@link #searchParams()}. The router and the
 * CapabilityStatement are both built from the list of these, so what is listed is what is served.
 */
public interface FhirResource {

  /** The FHIR type name, e.g. {@code Slot}. */
  String type();

  List<SearchParam> searchParams();

  /** The resource as {@code caller} may see it; 404 when unknown or not theirs to see (never revealing which). */
  Future<? extends Resource> read(Caller caller, String id);

  Future<SearchResult> search(Caller caller, SearchParameters params);
}
