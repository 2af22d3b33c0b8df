package io.konsil.node.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.RedisProcess;
import io.konsil.common.testing.TestTokens;
import io.konsil.fhir.testing.Validation;
import io.konsil.node.testing.NodeProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one redis-server: a booking through FHIR on one and through /api/v1 on the other race for the same
 * slot, and the network's one atomic booking lets exactly one of them have it.
 */
class FhirNetworkTest {
  private static final TestTokens tokens = new TestTokens(NodeProcess.APP_ID, NodeProcess.SECRET);
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static RedisProcess redis;
  private static NodeProcess a;
  private static NodeProcess b;
  private static Validation validation;

  @BeforeAll
  static void network() {
    validation = Validation.shared();
    redis = RedisProcess.start();
    a = NodeProcess.launch("fhir-a", "--redis", redis.uri(), "--demo", "--hospital", "SLK");
    b = NodeProcess.launch("fhir-b", "--redis", redis.uri(), "--demo", "--hospital", "OUS");
    a.awaitHealthy(Duration.ofSeconds(120));
    b.awaitHealthy(Duration.ofSeconds(120));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {a, b, redis}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep closing the others
      }
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFhirBookingOnOneNodeAndAnApiBookingOnAnotherRaceForOneSlotWithOneWinner() throws Exception {
    String kari = tokens.patient("patient-kari", "*");
    String ola = tokens.patient("patient-ola", "*");
    HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(a.http()
        + "/api/v1/slots?specialty=cardiology&limit=4")).header("Authorization", "Bearer " + kari));
    assertEquals(200, page.statusCode(), page.body());
    JsonArray slots = new JsonObject(page.body()).getJsonArray("items");
    assertEquals(4, slots.size(), "demo data has free cardiology slots");
    int fhirWins = 0;
    for (int i = 0; i < slots.size(); i++) {
      String slotId = slots.getJsonObject(i).getString("id");
      String appointment = new JsonObject().put("resourceType", "Appointment").put("status", "booked")
          .put("slot", new JsonArray().add(new JsonObject().put("reference", "Slot/" + slotId)))
          .put("participant", new JsonArray().add(new JsonObject()
              .put("actor", new JsonObject().put("reference", "Patient/patient-kari")).put("status", "accepted")))
          .encode();
      HttpRequest.Builder viaFhir = HttpRequest.newBuilder(URI.create(a.http() + "/fhir/Appointment"))
          .POST(HttpRequest.BodyPublishers.ofString(appointment)).header("Authorization", "Bearer " + kari)
          .header("Content-Type", "application/fhir+json");
      HttpRequest.Builder viaApi = HttpRequest.newBuilder(URI.create(b.http() + "/api/v1/appointments"))
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("slotId", slotId).encode()))
          .header("Authorization", "Bearer " + ola).header("Content-Type", "application/json")
          .header("Idempotency-Key", UUID.randomUUID().toString());
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<HttpResponse<String>>> race = new ArrayList<>();
      for (HttpRequest.Builder request : List.of(viaFhir, viaApi)) {
        race.add(CompletableFuture.supplyAsync(() -> {
          try {
            go.await();
            return send(request);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      go.countDown();
      HttpResponse<String> fhir = race.get(0).get();
      HttpResponse<String> api = race.get(1).get();
      validation.assertValid(fhir.body());
      List<Integer> statuses = new ArrayList<>(List.of(fhir.statusCode(), api.statusCode()));
      statuses.sort(null);
      assertEquals(List.of(201, 409), statuses, fhir.body() + " / " + api.body());
      if (fhir.statusCode() == 409) {
        assertTrue(fhir.headers().firstValue("content-type").orElse("").startsWith("application/fhir+json"));
        assertEquals("OperationOutcome", new JsonObject(fhir.body()).getString("resourceType"));
      } else {
        fhirWins++;
      }
      // Either node, either door, sees the one booking.
      HttpResponse<String> slot = send(HttpRequest.newBuilder(URI.create(b.http() + "/fhir/Slot/" + slotId))
          .header("Authorization", "Bearer " + kari));
      validation.assertValid(slot.body());
      assertEquals("busy", new JsonObject(slot.body()).getString("status"), slot.body());
    }
    System.out.println("FHIR won " + fhirWins + " of " + slots.size() + " races");
  }
}
