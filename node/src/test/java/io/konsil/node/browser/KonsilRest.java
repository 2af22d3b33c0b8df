package io.konsil.node.browser;

import io.konsil.common.testing.ResponseContract;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** Sets up scenarios through the node's public REST API, the way the web client calls it. */
final class KonsilRest {
  private final String base;
  private final HttpClient http = HttpClient.newHttpClient();

  KonsilRest(String base) {
    this.base = base;
  }

  String signIn(String userId) {
    return call("POST", "/api/v1/demo/sign-in", null, new JsonObject().put("userId", userId), null).getString("jwt");
  }

  String earliestSlotId(String jwt, String specialty, String hospital) {
    JsonArray items = call("GET", "/api/v1/slots?mode=video&limit=1&specialty=" + enc(specialty) + "&hospital=" + enc(hospital),
        jwt, null, null).getJsonArray("items");
    return items.isEmpty() ? null : items.getJsonObject(0).getString("id");
  }

  /** Holds and books the earliest free video slot of a specialty at a hospital for the patient. */
  JsonObject bookEarliest(String patientJwt, String specialty, String hospital) {
    JsonObject page = call("GET", "/api/v1/slots?mode=video&limit=1&specialty=" + enc(specialty) + "&hospital=" + enc(hospital),
        patientJwt, null, null);
    JsonArray items = page.getJsonArray("items");
    if (items.isEmpty()) {
      throw new IllegalStateException("no free " + specialty + " slot at " + hospital);
    }
    String slotId = items.getJsonObject(0).getString("id");
    JsonObject hold = call("POST", "/api/v1/slots/" + enc(slotId) + "/hold", patientJwt, new JsonObject(), null);
    return call("POST", "/api/v1/appointments", patientJwt,
        new JsonObject().put("slotId", slotId).put("holdId", hold.getString("holdId")), UUID.randomUUID().toString());
  }

  /** {room, jwt, url} for a party to the appointment. */
  JsonObject join(String jwt, String appointmentId) {
    return call("POST", "/api/v1/appointments/" + enc(appointmentId) + "/join", jwt, new JsonObject(), null);
  }

  /** The name the network gives a clinician (as the waiting room shows it). */
  String clinicianName(String clinicianId) {
    JsonArray all = call("GET", "/api/v1/clinicians", signIn("patient-kari"), null, null).getJsonArray("items");
    for (int i = 0; i < all.size(); i++) {
      if (clinicianId.equals(all.getJsonObject(i).getString("id"))) {
        return all.getJsonObject(i).getString("name");
      }
    }
    throw new IllegalStateException("no clinician " + clinicianId);
  }

  /** Reads an appointment as {@code jwt}; with a reason, as an emergency access (Konsil-Emergency-Access). */
  JsonObject read(String jwt, String appointmentId, String emergencyReason) {
    return call("GET", "/api/v1/appointments/" + enc(appointmentId), jwt, null, null,
        emergencyReason == null ? Map.of() : Map.of("Konsil-Emergency-Access", emergencyReason));
  }

  String callUrl(JsonObject join) {
    return base + "/" + join.getString("room") + "?jwt=" + join.getString("jwt");
  }

  private JsonObject call(String method, String path, String jwt, JsonObject body, String idempotencyKey) {
    return call(method, path, jwt, body, idempotencyKey, Map.of());
  }

  private JsonObject call(String method, String path, String jwt, JsonObject body, String idempotencyKey,
                          Map<String, String> headers) {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()))
        .header("Accept", "application/json");
    if (body != null) {
      req.header("Content-Type", "application/json");
    }
    if (jwt != null) {
      req.header("Authorization", "Bearer " + jwt);
    }
    if (idempotencyKey != null) {
      req.header("Idempotency-Key", idempotencyKey);
    }
    headers.forEach(req::header);
    try {
      HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      // Every response is checked against the OpenAPI document, as in the scheduler's own tests.
      ResponseContract.get().check(method, path, res.statusCode(), res.headers().firstValue("content-type").orElse(null),
          io.vertx.core.buffer.Buffer.buffer(res.body()));
      if (res.statusCode() >= 300) {
        throw new IllegalStateException(method + " " + path + " → " + res.statusCode() + " " + res.body());
      }
      return new JsonObject(res.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
