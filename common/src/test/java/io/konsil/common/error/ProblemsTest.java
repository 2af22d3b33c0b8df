package io.konsil.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemsTest {

  @Test
  void aKonsilErrorBecomesAnRfc9457ProblemWithItsStableCode() {
    KonsilException e = KonsilException.unprocessable("invalid-body", "The body is not valid",
        List.of(new KonsilException.FieldProblem("start", "must be in the future")));
    JsonObject p = Problems.toJson(e, "/api/v1/appointments");
    assertEquals("https://konsil.io/problems/invalid-body", p.getString("type"));
    assertEquals("The body is not valid", p.getString("title"));
    assertEquals(422, p.getInteger("status"));
    assertEquals("invalid-body", p.getString("code"));
    assertEquals("/api/v1/appointments", p.getString("instance"));
    assertEquals("start", p.getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  void anUnexpectedFailureBecomesAnInternalErrorWithoutItsMessage() {
    KonsilException e = Problems.from(new IllegalStateException("patient 12345 has diabetes"));
    assertEquals(500, e.status());
    assertEquals("internal-error", e.code());
    assertFalse(e.getMessage().contains("12345"), "internal details never reach the client");
  }
}
