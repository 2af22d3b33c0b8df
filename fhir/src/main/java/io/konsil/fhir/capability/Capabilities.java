package io.konsil.fhir.capability;

import io.konsil.fhir.http.FhirIo;
import io.konsil.fhir.http.FhirRouter;
import io.konsil.fhir.search.FhirResource;
import io.konsil.fhir.search.SearchParam;
import io.konsil.fhir.search.SearchParameters;
import io.konsil.fhir.vocabulary.FhirTime;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementKind;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/**
 * GET /fhir/metadata: the CapabilityStatement, built from the same resource list the router serves, so it lists
 * exactly the interactions and search parameters there are. Public, as FHIR clients fetch it before they sign in.
 */
public final class Capabilities implements Handler<RoutingContext> {
  private static final String SMART = "http://terminology.hl7.org/CodeSystem/restful-security-service";
  private final FhirIo io;
  private final List<FhirResource> resources;
  private final java.time.Instant published = java.time.Instant.now();

  public Capabilities(FhirIo io, List<FhirResource> resources) {
    this.io = io;
    this.resources = resources;
  }

  @Override
  public void handle(RoutingContext ctx) {
    io.send(ctx, 200, statement(FhirRouter.base(ctx))).onFailure(e -> io.fail(ctx, e));
  }

  CapabilityStatement statement(String base) {
    CapabilityStatement cs = new CapabilityStatement();
    cs.setName("KonsilFhirFacade");
    cs.setTitle("Konsil FHIR R4 facade");
    cs.setStatus(PublicationStatus.ACTIVE);
    cs.setDateElement(FhirTime.dateTime(published));
    cs.setPublisher("Konsil");
    cs.setDescription("Schedules, slots, appointments, referrals and second opinions of a Konsil hospital network. "
        + "Bearer tokens as for /api/v1; see docs/fhir.md.");
    cs.setKind(CapabilityStatementKind.INSTANCE);
    cs.getSoftware().setName("Konsil");
    cs.getImplementation().setDescription("Konsil node").setUrl(base);
    cs.setFhirVersion(FHIRVersion._4_0_1);
    cs.addFormat("json");
    cs.addFormat("application/fhir+json");
    CapabilityStatementRestComponent rest = cs.addRest().setMode(RestfulCapabilityMode.SERVER);
    rest.getSecurity().addService(new CodeableConcept(new Coding(SMART, "OAuth", "OAuth")))
        .setDescription("Authorization: Bearer TOKEN (the node's Jitsi-compatible or identity-provider tokens), the "
            + "same authorization as /api/v1");
    for (FhirResource resource : resources) {
      CapabilityStatementRestResourceComponent r = rest.addResource().setType(resource.type());
      r.addInteraction().setCode(TypeRestfulInteraction.READ);
      r.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
      if (resource.type().equals("Appointment")) {
        r.addInteraction().setCode(TypeRestfulInteraction.VREAD)
            .setDocumentation("The current version only (the one a create's Location names)");
        r.addInteraction().setCode(TypeRestfulInteraction.CREATE)
            .setDocumentation("Exactly one slot, one Patient participant, status booked (book) or pending (hold); "
                + "Idempotency-Key or If-None-Exist make retries safe");
        r.addInteraction().setCode(TypeRestfulInteraction.UPDATE)
            .setDocumentation("Only status to cancelled (optional cancelationReason): the cancel");
        r.setConditionalCreate(true);
        r.setUpdateCreate(false);
      }
      for (SearchParam p : resource.searchParams()) {
        r.addSearchParam().setName(p.name()).setType(p.type()).setDocumentation(p.documentation());
      }
      r.addSearchParam().setName(SearchParameters.COUNT).setType(SearchParamType.NUMBER)
          .setDocumentation("Page size (default " + SearchParameters.DEFAULT_COUNT + ", at most "
              + SearchParameters.MAX_COUNT + "); Bundle.link next is absolute");
    }
    return cs;
  }
}
