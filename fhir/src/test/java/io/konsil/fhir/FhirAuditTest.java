package io.konsil.fhir;

import static io.konsil.fhir.Http.get;
import static io.konsil.fhir.Http.post;
import static io.konsil.fhir.Http.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.audit.AuditTrail;
import io.konsil.fhir.testing.Validation;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The facade writes the audit trail as /api/v1 does — reads, the page of a search, bookings and cancels of patient
 * data, each entry naming the {@code fhir} door — and the patient reads it in their access log. A fresh server (and
 * trail) per test; {@code RedisFhirAuditTest} runs the same with the trail in Redis.
 */
class FhirAuditTest {
  protected Vertx vertx;
  private FhirServer server;
  private final Http http = new Http(Validation.shared());
  private final HttpClient rest = HttpClient.newHttpClient();

  /** The trail the server writes to; null for one in memory. */
  protected AuditTrail trail() throws Exception {
    return null;
  }

  protected void cleanUp() throws Exception {}

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = FhirServer.start(vertx, trail());
  }

  @AfterEach
  void stop() throws Exception {
    cleanUp();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private JsonObject restGet(String path, String token) throws Exception {
    HttpResponse<String> r = rest.send(HttpRequest.newBuilder(URI.create(server.server.http() + "/api/v1" + path))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  /**
   * Entries about {@code patient}, oldest first, as "action by actor via door" — without this check's own searches,
   * which are in the trail too ({@code access-log.read} by the admin, one per patient shown).
   */
  private List<String> entries(String patient) throws Exception {
    JsonArray items = restGet("/audit?limit=500", server.token("adm", "admin", null)).getJsonArray("items");
    List<String> out = new ArrayList<>();
    for (int i = items.size() - 1; i >= 0; i--) {
      JsonObject e = items.getJsonObject(i);
      if (patient.equals(e.getString("patientId")) && !"access-log.read".equals(e.getString("action"))) {
        out.add(e.getString("action") + " by " + e.getJsonObject("actor").getString("id") + " via "
            + e.getString("door"));
      }
    }
    return out;
  }

  private static String appointment(String slotId, String patientId) {
    return new JsonObject().put("resourceType", "Appointment").put("status", "booked")
        .put("slot", new JsonArray().add(new JsonObject().put("reference", "Slot/" + slotId)))
        .put("participant", new JsonArray().add(new JsonObject()
            .put("actor", new JsonObject().put("reference", "Patient/" + patientId)).put("status", "accepted")))
        .encode();
  }

  @Test
  void bookingReadingSearchingAndCancellingThroughFhirAreInThePatientsLogNamingTheFhirDoor() throws Exception {
    String gp = server.token("gp-1", "gp", "H1");
    HttpResponse<String> booked = http.send(post(server.base() + "/Appointment", gp,
        appointment("card-2-0", "patient-kari")).header("Idempotency-Key", "fhir-audit-1"));
    assertEquals(201, booked.statusCode(), booked.body());
    JsonObject a = new JsonObject(booked.body());
    String id = a.getString("id");
    HttpResponse<String> replay = http.send(post(server.base() + "/Appointment", gp,
        appointment("card-2-0", "patient-kari")).header("Idempotency-Key", "fhir-audit-1"));
    assertEquals(200, replay.statusCode(), replay.body());
    assertEquals(200, http.send(get(server.base() + "/Appointment/" + id, server.token("card-2", "specialist", "H2")))
        .statusCode());
    assertEquals(1, new JsonObject(http.send(get(server.base() + "/Appointment?patient=Patient/patient-kari", gp))
        .body()).getInteger("total"));
    // Someone it is not theirs to see gets 404 and leaves no entry.
    assertEquals(404, http.send(get(server.base() + "/Appointment/" + id, server.patient("patient-ola")))
        .statusCode());
    HttpResponse<String> cancelled = http.send(put(server.base() + "/Appointment/" + id, gp,
        a.copy().put("status", "cancelled").encode()));
    assertEquals(200, cancelled.statusCode(), cancelled.body());
    restGet("/appointments/" + id, gp);

    assertEquals(List.of("appointment.book by gp-1 via fhir", "appointment.read by gp-1 via fhir",
        "appointment.read by card-2 via fhir", "appointment.list by gp-1 via fhir",
        "appointment.cancel by gp-1 via fhir", "appointment.read by gp-1 via rest"), entries("patient-kari"));
    // The patient's own view (shape fixed in DESIGN.md) shows the same accesses, newest first.
    // The admin's search above is the newest: the patient sees that their log was read, and by whom.
    JsonArray log = restGet("/me/access-log", server.patient("patient-kari")).getJsonArray("items");
    assertEquals("access-log.read", log.getJsonObject(0).getString("action"));
    assertEquals("adm", log.getJsonObject(0).getJsonObject("actor").getString("id"));
    assertEquals("appointment.cancel", log.getJsonObject(2).getString("action"));
    assertEquals(new JsonObject().put("id", "gp-1").put("role", "gp").put("hospital", "H1"),
        log.getJsonObject(2).getJsonObject("actor"));
    assertFalse(log.getJsonObject(2).containsKey("door"), "the patient's log keeps its fixed shape");
    assertTrue(restGet("/audit/verify", server.token("adm", "admin", null)).getBoolean("intact"));
  }

  @Test
  void serviceRequestReadsAndTheReturnedPageOfASearchAreLogged() throws Exception {
    String gp = server.token("gp-1", "gp", "H1");
    assertEquals(200, http.send(get(server.base() + "/ServiceRequest/r-1", gp)).statusCode());
    // Two referrals (kari's, ola's) and a second opinion without a patient; a page of one shows the newest only.
    JsonObject page = new JsonObject(http.send(get(server.base()
        + "/ServiceRequest?requester=Practitioner/gp-1&_count=1", gp)).body());
    assertEquals(1, page.getJsonArray("entry").size());
    assertEquals("so-1", page.getJsonArray("entry").getJsonObject(0).getJsonObject("resource").getString("id"));
    JsonObject second = new JsonObject(http.send(get(server.base()
        + "/ServiceRequest?requester=Practitioner/gp-1&_count=1&_page=1", gp)).body());
    assertEquals("r-1", second.getJsonArray("entry").getJsonObject(0).getJsonObject("resource").getString("id"));
    assertEquals(List.of("referral.read by gp-1 via fhir", "referral.list by gp-1 via fhir"),
        entries("patient-kari"));
    assertEquals(List.of(), entries("patient-ola"), "ola's referral was on no page returned");
    // No clinical free text reaches the trail: r-1's question is nowhere in it.
    assertFalse(restGet("/audit?limit=500", server.token("adm", "admin", null)).encode().contains("Chest pain"));
  }
}
