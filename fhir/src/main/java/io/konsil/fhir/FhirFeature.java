package io.konsil.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.konsil.common.audit.Door;
import io.konsil.common.http.Feature;
import io.konsil.common.token.TokenVerifier;
import io.konsil.fhir.appointment.AppointmentResource;
import io.konsil.fhir.appointment.AppointmentWrites;
import io.konsil.fhir.capability.Capabilities;
import io.konsil.fhir.directory.HealthcareServiceResource;
import io.konsil.fhir.directory.OrganizationResource;
import io.konsil.fhir.directory.PractitionerResource;
import io.konsil.fhir.http.FhirIo;
import io.konsil.fhir.http.FhirRouter;
import io.konsil.fhir.search.FhirResource;
import io.konsil.fhir.servicerequest.ServiceRequestResource;
import io.konsil.fhir.slot.ScheduleResource;
import io.konsil.fhir.slot.SlotResource;
import io.konsil.scheduler.SchedulerFeature;
import io.konsil.scheduler.Stores;
import io.konsil.scheduler.audit.AccessRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * FHIR R4 (JSON) under /fhir: a facade over the scheduler's services — the same stores, the same booking service, the
 * same tokens and authorization rules as /api/v1 — for hospital systems that speak FHIR. docs/fhir.md describes it.
 */
public final class FhirFeature implements Feature {
  private final Vertx vertx;
  private final TokenVerifier verifier;
  private final SchedulerFeature scheduler;
  private final String publicUrl;
  private FhirContext fhir;

  private FhirFeature(Vertx vertx, TokenVerifier verifier, SchedulerFeature scheduler, String publicUrl) {
    this.vertx = vertx;
    this.verifier = verifier;
    this.scheduler = scheduler;
    this.publicUrl = publicUrl;
  }

  /** {@code publicUrl} is where the node's call pages are (the video link of an Appointment). */
  public static FhirFeature create(Vertx vertx, TokenVerifier verifier, SchedulerFeature scheduler, String publicUrl) {
    return new FhirFeature(vertx, verifier, scheduler, publicUrl);
  }

  @Override
  public String name() {
    return "fhir";
  }

  /** The FhirContext scans the R4 model (a second or so): once, on a worker, before the routes serve. */
  @Override
  public Future<Void> start() {
    return vertx.executeBlocking(() -> {
      FhirContext context = FhirContext.forR4();
      context.getResourceDefinition("Appointment");
      context.newJsonParser().encodeResourceToString(new org.hl7.fhir.r4.model.Appointment());
      return context;
    }).onSuccess(c -> fhir = c).mapEmpty();
  }

  @Override
  public List<String> links(String baseUrl) {
    return List.of("FHIR R4: " + baseUrl + FhirRouter.BASE + "/metadata");
  }

  @Override
  public void mount(Router router) {
    Stores stores = scheduler.stores();
    FhirIo io = new FhirIo(vertx, fhir);
    AccessRecorder audit = scheduler.accessRecorder().through(Door.FHIR);
    AppointmentResource appointments = new AppointmentResource(scheduler.booking(), stores.booking(),
        stores.network(), publicUrl, audit);
    List<FhirResource> resources = List.of(
        new PractitionerResource(stores.network()),
        new OrganizationResource(stores.network()),
        new HealthcareServiceResource(stores.network()),
        new ScheduleResource(stores.network(), scheduler.booking().clock(), scheduler.horizonDays()),
        new SlotResource(scheduler.booking(), stores.booking(), stores.network()),
        appointments,
        new ServiceRequestResource(scheduler.referrals(), scheduler.secondOpinions(), stores.network(), audit));
    new FhirRouter(io, verifier, resources).mount(router, new Capabilities(io, resources),
        new AppointmentWrites(scheduler.booking(), stores.booking(), appointments));
  }
}
