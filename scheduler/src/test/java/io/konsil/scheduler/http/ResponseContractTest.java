package io.konsil.scheduler.http;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.ResponseContract;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The checker every REST test runs its responses through catches each kind of drift from the document. */
class ResponseContractTest {
  private final ResponseContract contract = ResponseContract.get();

  private static JsonObject slot() {
    return new JsonObject().put("id", "card-1-0").put("start", "2030-03-05T08:00:00+01:00")
        .put("end", "2030-03-05T08:30:00+01:00").put("status", "free").put("mode", "video")
        .put("specialty", "cardiology").put("hospital", "H1").put("clinicianId", "card-1");
  }

  private static Buffer page(JsonObject slot) {
    return new JsonObject().put("items", new JsonArray().add(slot)).putNull("next").toBuffer();
  }

  private static Buffer problem(int status, String code) {
    return new JsonObject().put("type", "https://konsil.io/problems/" + code).put("title", "t").put("status", status)
        .put("code", code).toBuffer();
  }

  @Test
  void aResponseAsDocumentedPasses() {
    contract.check("GET", "/api/v1/slots?limit=1", 200, "application/json", page(slot()));
    contract.check("GET", "/api/v1/appointments/a-1", 404, "application/problem+json", problem(404, "not-found"));
    contract.check("DELETE", "/api/v1/slots/x/hold?holdId=h", 204, null, Buffer.buffer());
    contract.check("GET", "/api/v1/appointments/a-1.ics", 200, "text/calendar; charset=utf-8", Buffer.buffer("BEGIN"));
  }

  @Test
  void aMissingRequiredFieldAWrongTypeOrAnUnknownEnumValueIsADrift() {
    assertDrift("GET", "/api/v1/slots", 200, "application/json", page(slot().copy().put("start", 7)), "start");
    JsonObject noId = slot();
    noId.remove("id");
    assertDrift("GET", "/api/v1/slots", 200, "application/json", page(noId), "id");
    assertDrift("GET", "/api/v1/slots", 200, "application/json", page(slot().put("status", "gone")), "status");
    assertDrift("GET", "/api/v1/slots", 200, "application/json",
        new JsonObject().put("items", new JsonArray()).toBuffer(), "next");
  }

  @Test
  void anUndocumentedStatusMediaTypeOrProblemCodeIsADrift() {
    assertDrift("GET", "/api/v1/slots", 418, "application/problem+json", problem(418, "teapot"), "418");
    assertDrift("GET", "/api/v1/slots", 200, "text/plain", Buffer.buffer("hi"), "text/plain");
    assertDrift("GET", "/api/v1/appointments/a-1", 404, "application/problem+json", problem(404, "slot-unavailable"),
        "slot-unavailable");
    assertDrift("GET", "/api/v1/appointments/a-1", 404, "text/html", Buffer.buffer("<h1>404</h1>"), "text/html");
    assertDrift("GET", "/api/v1/no-such-thing", 200, "application/json", Buffer.buffer("{}"), "not problem+json");
    assertDrift("DELETE", "/api/v1/slots/x/hold?holdId=h", 204, null, Buffer.buffer("{}"), "no body");
  }

  private void assertDrift(String method, String uri, int status, String type, Buffer body, String mentioned) {
    AssertionError e = assertThrows(AssertionError.class, () -> contract.check(method, uri, status, type, body));
    assertTrue(e.getMessage().contains(mentioned), e.getMessage());
  }
}
