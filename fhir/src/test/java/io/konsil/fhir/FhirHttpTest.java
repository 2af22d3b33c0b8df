package io.konsil.fhir;

import io.konsil.fhir.testing.Validation;
import static io.konsil.fhir.Http.get;
import static io.konsil.fhir.Http.post;
import static io.konsil.fhir.Http.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.scheduler.booking.AppointmentStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The facade's HTTP contract as a client sees it: status codes, OperationOutcomes, negotiation, races, mappings. */
class FhirHttpTest {
  private static Vertx vertx;
  private static FhirServer server;
  private static Http http;
  private static String kari;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    http = new Http(Validation.shared());
    server = FhirServer.start(vertx);
    kari = server.patient("patient-kari");
  }

  @AfterAll
  static void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static JsonObject json(HttpResponse<String> r) {
    return new JsonObject(r.body());
  }

  /** Asserts an OperationOutcome with the status and issue code (validated by {@link Http} already). */
  private static void assertOutcome(HttpResponse<String> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.body());
    JsonObject body = json(r);
    assertEquals("OperationOutcome", body.getString("resourceType"), r.body());
    JsonObject issue = body.getJsonArray("issue").getJsonObject(0);
    assertEquals("error", issue.getString("severity"));
    assertEquals(code, issue.getString("code"), r.body());
    assertTrue(issue.getString("diagnostics").length() > 3);
  }

  private static String appointment(String slotId, String patientId, String status) {
    return new JsonObject().put("resourceType", "Appointment").put("status", status)
        .put("slot", new JsonArray().add(new JsonObject().put("reference", "Slot/" + slotId)))
        .put("participant", new JsonArray().add(new JsonObject()
            .put("actor", new JsonObject().put("reference", "Patient/" + patientId)).put("status", "accepted")))
        .encode();
  }

  private static String slotStatus(String slotId) throws Exception {
    return json(http.send(get(server.base() + "/Slot/" + slotId, kari))).getString("status");
  }

  @Test
  void withoutATokenEverythingButMetadataIs401AsAnOperationOutcome() throws Exception {
    HttpResponse<String> r = http.send(get(server.base() + "/Slot", null));
    assertOutcome(r, 401, "login");
    assertEquals("Bearer", r.headers().firstValue("WWW-Authenticate").orElse(""));
    assertOutcome(http.send(get(server.base() + "/Slot", "not-a-jwt")), 401, "login");
    assertEquals(200, http.send(get(server.base() + "/metadata", null)).statusCode());
  }

  @Test
  void unknownPathsAre404AndOtherInteractionsAre405() throws Exception {
    assertOutcome(http.send(get(server.base() + "/Patient/patient-kari", kari)), 404, "not-found");
    assertOutcome(http.send(get(server.base() + "/Slot/no-such-slot", kari)), 404, "not-found");
    assertOutcome(http.send(get(server.base() + "/Slot/x/y/z", kari)), 404, "not-found");
    assertOutcome(http.send(get(server.base(), kari)), 404, "not-found");
    assertOutcome(http.send(get(server.base() + "/Appointment/a-unknown", kari)), 404, "not-found");
    assertOutcome(http.send(get(server.base() + "/Slot/card-1-0", kari).DELETE()), 405, "not-supported");
    assertOutcome(http.send(post(server.base() + "/Slot", kari, "{\"resourceType\":\"Slot\"}")), 405, "not-supported");
    assertOutcome(http.send(get(server.base() + "/Appointment/x", kari)
        .method("PATCH", HttpRequest.BodyPublishers.ofString("[]")).header("Content-Type", "application/fhir+json")),
        405, "not-supported");
  }

  @Test
  void anUnknownSearchParameterIs400NeverIgnored() throws Exception {
    assertOutcome(http.send(get(server.base() + "/Slot?specialty=cardiology", kari)), 400, "not-supported");
    assertOutcome(http.send(get(server.base() + "/Practitioner?name:exact=Anne", kari)), 400, "not-supported");
    assertOutcome(http.send(get(server.base() + "/Slot?start=gt2030-01-01", kari)), 400, "invalid");
    assertOutcome(http.send(get(server.base() + "/Slot?_count=zero", kari)), 400, "invalid");
    assertOutcome(http.send(get(server.base() + "/Slot?status=busy", kari)), 400, "invalid");
  }

  @Test
  void jsonIsAnsweredWheneverAcceptableAndXmlIsRefused() throws Exception {
    HttpResponse<String> both = http.send(get(server.base() + "/Organization/H1", kari)
        .header("Accept", "application/fhir+xml;q=1.0, application/fhir+json;q=0.9"));
    assertEquals(200, both.statusCode());
    assertEquals("application/fhir+json;charset=utf-8", both.headers().firstValue("content-type").orElse(""));
    assertEquals(200, http.send(get(server.base() + "/Organization/H1?_format=json", kari)).statusCode());
    assertEquals(200, http.send(get(server.base() + "/Organization/H1", kari).header("Accept", "application/json"))
        .statusCode());
    assertOutcome(http.send(get(server.base() + "/Organization/H1", kari).header("Accept", "application/fhir+xml")),
        406, "not-supported");
    assertOutcome(http.send(get(server.base() + "/Organization/H1?_format=xml", kari)), 406, "not-supported");
    assertOutcome(http.send(post(server.base() + "/Appointment", kari, "<Appointment xmlns=\"http://hl7.org/fhir\"/>")
        .setHeader("Content-Type", "application/fhir+xml")), 415, "not-supported");
    assertOutcome(http.send(post(server.base() + "/Appointment", kari, "x".repeat(70 * 1024))), 413, "too-costly");
  }

  @Test
  void malformedIs400AndABrokenRuleIs422() throws Exception {
    assertOutcome(http.send(post(server.base() + "/Appointment", kari, "{not json")), 400, "structure");
    assertOutcome(http.send(post(server.base() + "/Appointment", kari, "{\"resourceType\":\"Patient\"}")), 400,
        "structure");
    assertOutcome(http.send(post(server.base() + "/Appointment", kari,
        "{\"resourceType\":\"Appointment\",\"status\":\"booked\",\"colour\":\"red\"}")), 400, "structure");
    JsonObject twoSlots = new JsonObject(appointment("card-1-0", "patient-kari", "booked"));
    twoSlots.getJsonArray("slot").add(new JsonObject().put("reference", "Slot/card-1-1"));
    assertOutcome(http.send(post(server.base() + "/Appointment", kari, twoSlots.encode())), 422, "business-rule");
    assertOutcome(http.send(post(server.base() + "/Appointment", kari, appointment("card-1-0", "patient-kari",
        "proposed"))), 422, "business-rule");
    assertOutcome(http.send(post(server.base() + "/Appointment", kari, appointment("card-1-0", "patient-ola",
        "booked"))), 422, "business-rule");
    assertOutcome(http.send(post(server.base() + "/Appointment", server.token("int-1", "interpreter", null),
        appointment("card-1-0", "patient-kari", "booked"))), 403, "forbidden");
    assertOutcome(http.send(post(server.base() + "/Appointment", kari, appointment("no-such-slot", "patient-kari",
        "booked"))), 404, "not-found");
    assertEquals("free", slotStatus("card-1-0"));
  }

  @Test
  void twoParallelPostsForOneSlotGiveExactlyOne201() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (String slot : List.of("card-2-4", "card-2-5", "card-2-6")) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> posts = new ArrayList<>();
        for (String patient : List.of("patient-kari", "patient-ola")) {
          Callable<HttpResponse<String>> call = () -> {
            go.await();
            return http.send(post(server.base() + "/Appointment", server.patient(patient),
                appointment(slot, patient, "booked")));
          };
          posts.add(pool.submit(call));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<HttpResponse<String>> f : posts) {
          statuses.add(f.get().statusCode());
        }
        statuses.sort(null);
        assertEquals(List.of(201, 409), statuses, slot);
        assertEquals("busy", slotStatus(slot));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void retriesWithTheSameKeyGiveTheSameAppointment() throws Exception {
    String body = appointment("gp-1-6", "patient-kari", "booked");
    HttpResponse<String> first = http.send(post(server.base() + "/Appointment", kari, body)
        .header("Idempotency-Key", "fhir-retry-1"));
    assertEquals(201, first.statusCode());
    String location = first.headers().firstValue("Location").orElseThrow();
    String id = json(first).getString("id");
    assertEquals(server.base() + "/Appointment/" + id + "/_history/" + json(first).getJsonObject("meta")
        .getString("versionId"), location);
    assertEquals(200, http.send(get(location, kari)).statusCode());
    HttpResponse<String> again = http.send(post(server.base() + "/Appointment", kari, body)
        .header("Idempotency-Key", "fhir-retry-1"));
    assertEquals(200, again.statusCode());
    assertEquals(id, json(again).getString("id"));
    HttpResponse<String> conditional = http.send(post(server.base() + "/Appointment", kari,
        appointment("gp-1-7", "patient-kari", "booked")).header("If-None-Exist", "identifier=portal|123"));
    assertEquals(201, conditional.statusCode());
    HttpResponse<String> conditionalAgain = http.send(post(server.base() + "/Appointment", kari,
        appointment("gp-1-7", "patient-kari", "booked")).header("If-None-Exist", "identifier=portal|123"));
    assertEquals(json(conditional).getString("id"), json(conditionalAgain).getString("id"));
  }

  @Test
  void anUpdateMayOnlyCancel() throws Exception {
    HttpResponse<String> created = http.send(post(server.base() + "/Appointment", kari,
        appointment("card-1-6", "patient-kari", "booked")));
    JsonObject a = json(created);
    String url = server.base() + "/Appointment/" + a.getString("id");
    JsonObject moved = a.copy().put("start", "2031-01-01T08:00:00Z").put("status", "cancelled");
    assertOutcome(http.send(put(url, kari, moved.encode())), 422, "business-rule");
    assertOutcome(http.send(put(url, kari, a.copy().put("status", "arrived").encode())), 422, "business-rule");
    assertOutcome(http.send(put(url, server.patient("patient-ola"), a.copy().put("status", "cancelled").encode())),
        404, "not-found");
    assertEquals("busy", slotStatus("card-1-6"));
    HttpResponse<String> cancelled = http.send(put(url, kari, a.copy().put("status", "cancelled").encode()));
    assertEquals(200, cancelled.statusCode());
    assertEquals("cancelled", json(cancelled).getString("status"));
    assertEquals("free", slotStatus("card-1-6"));
  }

  @Test
  void aPendingAppointmentIsAHoldThatAnUpdateGivesBack() throws Exception {
    HttpResponse<String> held = http.send(post(server.base() + "/Appointment", kari,
        appointment("card-1-7", "patient-kari", "pending")));
    assertEquals(201, held.statusCode(), held.body());
    JsonObject pending = json(held);
    assertEquals("pending", pending.getString("status"));
    assertEquals("hold-card-1-7", pending.getString("id"));
    assertEquals("busy-tentative", slotStatus("card-1-7"));
    assertEquals(409, http.send(post(server.base() + "/Appointment", server.patient("patient-ola"),
        appointment("card-1-7", "patient-ola", "booked"))).statusCode());
    assertEquals(404, http.send(get(server.base() + "/Appointment/hold-card-1-7", server.patient("patient-ola")))
        .statusCode());
    HttpResponse<String> released = http.send(put(server.base() + "/Appointment/hold-card-1-7", kari,
        pending.copy().put("status", "cancelled").encode()));
    assertEquals(200, released.statusCode(), released.body());
    assertEquals("free", slotStatus("card-1-7"));
  }

  @Test
  void appointmentStatusesFollowTheMappingTable() throws Exception {
    HttpResponse<String> created = http.send(post(server.base() + "/Appointment", kari,
        appointment("card-2-0", "patient-kari", "booked")));
    String id = json(created).getString("id");
    assertEquals("booked", json(created).getString("status"));
    assertEquals("busy", slotStatus("card-2-0"));
    String[][] table = {{"ARRIVED", "arrived"}, {"IN_PROGRESS", "arrived"}, {"FULFILLED", "fulfilled"}};
    for (String[] row : table) {
      server.stores.booking().transition(id, AppointmentStatus.valueOf(row[0])).toCompletionStage()
          .toCompletableFuture().get();
      assertEquals(row[1], json(http.send(get(server.base() + "/Appointment/" + id, kari))).getString("status"));
    }
    String other = json(http.send(post(server.base() + "/Appointment", kari,
        appointment("card-2-1", "patient-kari", "booked")))).getString("id");
    server.stores.booking().transition(other, AppointmentStatus.NO_SHOW).toCompletionStage().toCompletableFuture().get();
    assertEquals("noshow", json(http.send(get(server.base() + "/Appointment/" + other, kari))).getString("status"));
    JsonObject bundle = json(http.send(get(server.base() + "/Appointment?patient=Patient/patient-kari&status=noshow",
        kari)));
    assertEquals(1, bundle.getInteger("total"));
  }

  @Test
  void referralsAndSecondOpinionsAreServiceRequestsToldApartByCategory() throws Exception {
    String gp = server.token("gp-1", "gp", "H1");
    JsonObject all = json(http.send(get(server.base() + "/ServiceRequest?requester=Practitioner/gp-1", gp)));
    assertEquals(3, all.getInteger("total"));
    JsonObject r1 = json(http.send(get(server.base() + "/ServiceRequest/r-1", gp)));
    assertEquals("order", r1.getString("intent"));
    assertEquals("active", r1.getString("status"));
    assertEquals("urgent", r1.getString("priority"));
    assertEquals("referral", r1.getJsonArray("category").getJsonObject(0).getJsonArray("coding").getJsonObject(0)
        .getString("code"));
    assertEquals("revoked", json(http.send(get(server.base() + "/ServiceRequest/r-2", gp))).getString("status"));
    JsonObject so = json(http.send(get(server.base() + "/ServiceRequest/so-1", gp)));
    assertEquals("second-opinion", so.getJsonArray("category").getJsonObject(0).getJsonArray("coding")
        .getJsonObject(0).getString("code"));
    assertEquals("active", so.getString("status"));
    JsonObject revoked = json(http.send(get(server.base() + "/ServiceRequest?status=revoked", gp)));
    assertEquals(1, revoked.getInteger("total"));
    JsonObject toH2 = json(http.send(get(server.base() + "/ServiceRequest?performer=Organization/H2", gp)));
    assertEquals("so-1", toH2.getJsonArray("entry").getJsonObject(0).getJsonObject("resource").getString("id"));
    JsonObject karis = json(http.send(get(server.base() + "/ServiceRequest", kari)));
    assertEquals(1, karis.getInteger("total"), "a patient sees only their own");
    assertOutcome(http.send(get(server.base() + "/ServiceRequest/r-2", kari)), 404, "not-found");
  }

  @Test
  void directorySearchesByIdentifierNameOrganizationAndServiceType() throws Exception {
    JsonObject byName = json(http.send(get(server.base() + "/Practitioner?name=lie", kari)));
    assertEquals(1, byName.getInteger("total"));
    JsonObject orgs = json(http.send(get(server.base()
        + "/Organization?identifier=https://konsil.io/fhir/sid/hospital-code%7CH2", kari)));
    assertEquals("H2", orgs.getJsonArray("entry").getJsonObject(0).getJsonObject("resource").getString("id"));
    JsonObject byOrgNumber = json(http.send(get(server.base()
        + "/Organization?identifier=urn:oid:2.16.578.1.12.4.1.4.101%7C123456785", kari)));
    assertEquals(1, byOrgNumber.getInteger("total"));
    assertEquals("H1", byOrgNumber.getJsonArray("entry").getJsonObject(0).getJsonObject("resource").getString("id"));
    JsonObject services = json(http.send(get(server.base() + "/HealthcareService?organization=Organization/H1", kari)));
    assertEquals(2, services.getInteger("total"));
    JsonObject cardiology = json(http.send(get(server.base() + "/HealthcareService?service-type=cardiology", kari)));
    assertEquals(2, cardiology.getInteger("total"));
    JsonObject schedules = json(http.send(get(server.base() + "/Schedule?actor=Practitioner/gp-1", kari)));
    assertEquals(1, schedules.getInteger("total"));
    JsonObject page = json(http.send(get(server.base() + "/Practitioner?_count=2", kari)));
    assertEquals(3, page.getInteger("total"));
    String next = page.getJsonArray("link").stream().map(JsonObject.class::cast)
        .filter(l -> l.getString("relation").equals("next")).findFirst().orElseThrow().getString("url");
    assertTrue(URI.create(next).isAbsolute());
    assertEquals(1, json(http.send(get(next, kari))).getJsonArray("entry").size());
  }
}
