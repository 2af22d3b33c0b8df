package io.konsil.fhir;

import io.konsil.fhir.testing.Validation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import io.konsil.fhir.vocabulary.Konsil;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.Slot.SlotStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HAPI's own FHIR client drives the facade end to end, as a hospital system would. */
class FhirClientTest {
  private static Vertx vertx;
  private static FhirServer server;
  private static Validation validation;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    validation = Validation.shared();
    server = FhirServer.start(vertx);
  }

  @AfterAll
  static void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static IGenericClient client(String token) {
    validation.fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    IGenericClient client = validation.fhir.newRestfulGenericClient(server.base());
    client.registerInterceptor(new BearerTokenAuthInterceptor(token));
    return client;
  }

  @Test
  void capabilityStatementListsExactlyTheInteractionsAndSearchParameters() {
    CapabilityStatement cs = client(server.patient("patient-kari")).capabilities().ofType(CapabilityStatement.class)
        .execute();
    validation.assertValid(cs);
    assertEquals(PublicationStatus.ACTIVE, cs.getStatus());
    assertEquals(CapabilityStatement.CapabilityStatementKind.INSTANCE, cs.getKind());
    assertEquals(FHIRVersion._4_0_1, cs.getFhirVersion());
    assertTrue(cs.getFormat().stream().anyMatch(f -> f.getValue().equals("json")));
    List<CapabilityStatementRestResourceComponent> resources = cs.getRestFirstRep().getResource();
    assertEquals(List.of("Practitioner", "Organization", "HealthcareService", "Schedule", "Slot", "Appointment",
        "ServiceRequest"), resources.stream().map(r -> r.getType()).toList());
    assertEquals(Set.of("schedule", "status", "start", "service-type", "_count"), params(resources, "Slot"));
    assertEquals(Set.of("actor", "_count"), params(resources, "Schedule"));
    assertEquals(Set.of("patient", "practitioner", "date", "status", "_count"), params(resources, "Appointment"));
    assertEquals(Set.of("subject", "requester", "performer", "status", "_count"), params(resources, "ServiceRequest"));
    assertEquals(Set.of("identifier", "name", "_count"), params(resources, "Practitioner"));
    assertEquals(Set.of("identifier", "name", "_count"), params(resources, "Organization"));
    assertEquals(Set.of("organization", "service-type", "_count"), params(resources, "HealthcareService"));
    assertEquals(Set.of("read", "search-type", "vread", "create", "update"), resources.stream()
        .filter(r -> r.getType().equals("Appointment")).findFirst().orElseThrow().getInteraction().stream()
        .map(i -> i.getCode().toCode()).collect(java.util.stream.Collectors.toSet()));
    assertEquals(Set.of("read", "search-type"), resources.stream().filter(r -> r.getType().equals("Slot")).findFirst()
        .orElseThrow().getInteraction().stream().map(i -> i.getCode().toCode())
        .collect(java.util.stream.Collectors.toSet()));
  }

  private static Set<String> params(List<CapabilityStatementRestResourceComponent> resources, String type) {
    Set<String> names = new HashSet<>();
    resources.stream().filter(r -> r.getType().equals(type)).findFirst().orElseThrow().getSearchParam()
        .forEach(p -> names.add(p.getName()));
    return names;
  }

  @Test
  void slotSearchPagesThroughOneScheduleWithAbsoluteNextLinks() {
    IGenericClient client = client(server.patient("patient-aisha"));
    Bundle page = client.search().forResource(Slot.class)
        .where(Slot.SCHEDULE.hasId("Schedule/card-2")).and(Slot.STATUS.exactly().code("free"))
        .count(3).returnBundle(Bundle.class).execute();
    validation.assertValid(page);
    assertEquals(Bundle.BundleType.SEARCHSET, page.getType());
    assertEquals(FhirServer.SLOTS, page.getTotal());
    List<String> ids = new ArrayList<>();
    while (true) {
      assertTrue(page.getEntry().size() <= 3);
      for (Bundle.BundleEntryComponent e : page.getEntry()) {
        assertEquals(Bundle.SearchEntryMode.MATCH, e.getSearch().getMode());
        Slot slot = (Slot) e.getResource();
        assertEquals(server.base() + "/Slot/" + slot.getIdElement().getIdPart(), e.getFullUrl());
        assertEquals(SlotStatus.FREE, slot.getStatus());
        ids.add(slot.getIdElement().getIdPart());
      }
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        break;
      }
      assertTrue(page.getLink(Bundle.LINK_NEXT).getUrl().startsWith(server.base() + "/Slot?"),
          page.getLink(Bundle.LINK_NEXT).getUrl());
      page = client.loadPage().next(page).execute();
      validation.assertValid(page);
    }
    List<String> expected = new ArrayList<>();
    for (int n = 0; n < FhirServer.SLOTS; n++) {
      expected.add("card-2-" + n);
    }
    assertEquals(expected, ids);
  }

  @Test
  void networkWideFreeSlotSearchPagesByKeyAndCountsOnTheLastPage() {
    IGenericClient client = client(server.patient("patient-aisha"));
    Bundle page = client.search().forResource(Slot.class).where(new ca.uhn.fhir.rest.gclient.TokenClientParam(
        "service-type").exactly().code("general-practice")).count(5).returnBundle(Bundle.class).execute();
    validation.assertValid(page);
    List<String> ids = new ArrayList<>();
    int pages = 0;
    while (true) {
      pages++;
      page.getEntry().forEach(e -> ids.add(e.getResource().getIdElement().getIdPart()));
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        break;
      }
      assertFalse(page.hasTotal(), "only the last page of a network-wide search counts");
      page = client.loadPage().next(page).execute();
      validation.assertValid(page);
    }
    assertTrue(pages >= 2);
    assertEquals(ids.size(), page.getTotal());
    assertEquals(ids.size(), new HashSet<>(ids).size());
    assertTrue(ids.stream().allMatch(id -> id.startsWith("gp-1-")), ids.toString());
  }

  @Test
  void readsRoundTripThroughTheClient() {
    IGenericClient client = client(server.token("card-1", "specialist", "H1"));
    Practitioner p = client.read().resource(Practitioner.class).withId("card-1").execute();
    validation.assertValid(p);
    assertEquals("1001", p.getIdentifier().stream().filter(i -> i.getSystem().equals(Konsil.HPR)).findFirst()
        .orElseThrow().getValue());
    assertEquals("Berg", p.getNameFirstRep().getFamily());
    Organization o = client.read().resource(Organization.class).withId("H1").execute();
    validation.assertValid(o);
    assertEquals("Hospital One", o.getName());
    Schedule s = client.read().resource(Schedule.class).withId("card-1").execute();
    validation.assertValid(s);
    assertEquals("Practitioner/card-1", s.getActorFirstRep().getReference());
    Slot slot = client.read().resource(Slot.class).withId("card-1-0").execute();
    validation.assertValid(slot);
    assertEquals("Schedule/card-1", slot.getSchedule().getReference());
    Slot again = client.read().resource(Slot.class).withId(slot.getIdElement().getIdPart()).execute();
    assertTrue(again.equalsDeep(slot));
    Bundle byHpr = client.search().forResource(Practitioner.class)
        .where(Practitioner.IDENTIFIER.exactly().systemAndCode(Konsil.HPR, "1002")).returnBundle(Bundle.class)
        .execute();
    validation.assertValid(byHpr);
    assertEquals(1, byHpr.getTotal());
    assertEquals("card-2", byHpr.getEntryFirstRep().getResource().getIdElement().getIdPart());
  }

  @Test
  void createBooksTheSlotASecondCreateConflictsAndCancelByUpdateFreesIt() {
    IGenericClient kari = client(server.patient("patient-kari"));
    IGenericClient ola = client(server.patient("patient-ola"));
    MethodOutcome created = kari.create().resource(appointment("card-1-3", "patient-kari")).execute();
    assertTrue(created.getCreated());
    Appointment booked = (Appointment) created.getResource();
    validation.assertValid(booked);
    assertEquals(AppointmentStatus.BOOKED, booked.getStatus());
    assertNotNull(created.getId().getVersionIdPart(), "Location names the version");
    assertEquals(booked.getIdElement().getIdPart(), created.getId().getIdPart());
    assertEquals(SlotStatus.BUSY, kari.read().resource(Slot.class).withId("card-1-3").execute().getStatus());

    ResourceVersionConflictException conflict = assertThrows(ResourceVersionConflictException.class,
        () -> ola.create().resource(appointment("card-1-3", "patient-ola")).execute());
    OperationOutcome outcome = (OperationOutcome) conflict.getOperationOutcome();
    assertNotNull(outcome);
    validation.assertValid(outcome);
    assertEquals(OperationOutcome.IssueType.CONFLICT, outcome.getIssueFirstRep().getCode());
    assertEquals(OperationOutcome.IssueSeverity.ERROR, outcome.getIssueFirstRep().getSeverity());

    Appointment read = kari.read().resource(Appointment.class).withId(booked.getIdElement().getIdPart()).execute();
    validation.assertValid(read);
    read.setStatus(AppointmentStatus.CANCELLED);
    read.setCancelationReason(new CodeableConcept().setText("Feeling better"));
    MethodOutcome updated = kari.update().resource(read).execute();
    Appointment cancelled = (Appointment) updated.getResource();
    validation.assertValid(cancelled);
    assertEquals(AppointmentStatus.CANCELLED, cancelled.getStatus());
    assertEquals(SlotStatus.FREE, kari.read().resource(Slot.class).withId("card-1-3").execute().getStatus());
    assertEquals(AppointmentStatus.CANCELLED,
        kari.read().resource(Appointment.class).withId(booked.getIdElement().getIdPart()).execute().getStatus());
  }

  @Test
  void appointmentSearchFindsTheCallersOwnByPatientDateAndStatus() {
    IGenericClient aisha = client(server.patient("patient-aisha"));
    Appointment booked = (Appointment) aisha.create().resource(appointment("card-1-5", "patient-aisha")).execute()
        .getResource();
    Bundle mine = aisha.search().forResource(Appointment.class)
        .where(Appointment.PATIENT.hasId("Patient/patient-aisha"))
        .and(Appointment.STATUS.exactly().code("booked"))
        .and(Appointment.DATE.afterOrEquals().day(new Date(server.day1.toEpochMilli())))
        .returnBundle(Bundle.class).execute();
    validation.assertValid(mine);
    assertTrue(mine.getEntry().stream().anyMatch(e -> e.getResource().getIdElement().getIdPart()
        .equals(booked.getIdElement().getIdPart())));
    Bundle others = aisha.search().forResource(Appointment.class)
        .where(Appointment.PATIENT.hasId("Patient/patient-kari")).returnBundle(Bundle.class).execute();
    validation.assertValid(others);
    assertEquals(0, others.getTotal(), "another patient's appointments are not visible");
    Bundle clinician = client(server.token("card-1", "specialist", "H1")).search().forResource(Appointment.class)
        .where(Appointment.PRACTITIONER.hasId("Practitioner/card-1")).returnBundle(Bundle.class).execute();
    validation.assertValid(clinician);
    assertTrue(clinician.getEntry().stream().anyMatch(e -> e.getResource().getIdElement().getIdPart()
        .equals(booked.getIdElement().getIdPart())));
    assertNull(mine.getLink(Bundle.LINK_NEXT));
  }

  static Appointment appointment(String slotId, String patientId) {
    Appointment a = new Appointment();
    a.setStatus(AppointmentStatus.BOOKED);
    a.addSlot(new Reference("Slot/" + slotId));
    a.addParticipant().setActor(new Reference("Patient/" + patientId))
        .setStatus(Appointment.ParticipationStatus.ACCEPTED);
    return a;
  }
}
