package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input gets an error frame with its documented code, echoing the client's id; the connection keeps
 * working and nobody else notices anything.
 */
class BadInputTest extends SignalingTestBase {

  private void assertErrorAndStillWorking(Joined who, Joined bystander, String text, String code) {
    who.socket().sendText(text);
    JsonObject error = who.next("error");
    assertEquals(code, error.getString("code"), text);
    assertFalse(error.getString("message").isBlank());
    // The same connection still works ...
    assertEquals("pong", await(who.socket().request(frame("ping"), "pong")).getString("type"));
    assertFalse(who.socket().isClosed());
  }

  @Test
  void everyBadFrameGetsItsErrorCodeAndTheConnectionKeepsWorking() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    Joined waiting = waitingPatient(room);
    gp.next("knocking");
    String me = patient.participantId();

    assertErrorAndStillWorking(patient, gp, "{not json", "malformed-json");
    assertErrorAndStillWorking(patient, gp, "[1,2,3]", "malformed-json");
    assertErrorAndStillWorking(patient, gp, "\"just a string\"", "malformed-json");
    assertErrorAndStillWorking(patient, gp, "{\"no\":\"type\"}", "missing-field");
    assertErrorAndStillWorking(patient, gp, "{\"type\":42}", "missing-field");
    assertErrorAndStillWorking(patient, gp, "{\"type\":\"teleport\"}", "unknown-type");
    assertErrorAndStillWorking(patient, gp, "{\"type\":\"offer\",\"sdp\":\"v=0\"}", "missing-field");
    assertErrorAndStillWorking(patient, gp, "{\"type\":\"offer\",\"to\":\"" + gp.participantId() + "\"}", "missing-field");
    assertErrorAndStillWorking(patient, gp, "{\"type\":\"answer\",\"to\":\"" + gp.participantId() + "\",\"sdp\":7}", "invalid-field");
    assertErrorAndStillWorking(patient, gp, "{\"type\":\"candidate\",\"to\":\"" + gp.participantId() + "\"}", "missing-field");
    assertErrorAndStillWorking(patient, gp, "{\"type\":\"chat\"}", "missing-field");
    assertErrorAndStillWorking(patient, gp, "{\"type\":\"chat\",\"text\":\"   \"}", "invalid-field");
    assertErrorAndStillWorking(patient, gp, new JsonObject().put("type", "chat").put("text", "x".repeat(2001)).encode(), "text-too-long");
    assertErrorAndStillWorking(patient, gp, "{\"type\":\"update\"}", "missing-field");
    assertErrorAndStillWorking(patient, gp, "{\"type\":\"update\",\"audioMuted\":\"yes\"}", "invalid-field");
    assertErrorAndStillWorking(patient, gp, new JsonObject().put("type", "update").put("displayName", "n".repeat(65)).encode(), "invalid-field");
    assertErrorAndStillWorking(patient, gp, "{\"type\":\"admit\"}", "missing-field");
    assertErrorAndStillWorking(patient, gp, "{\"type\":\"lobby-toggle\"}", "missing-field");
    assertErrorAndStillWorking(patient, gp, "{\"type\":\"resume\",\"resumeToken\":\"late\"}", "resume-invalid");
    assertErrorAndStillWorking(patient, gp, "{\"type\":\"offer\",\"to\":\"p-nobody\",\"sdp\":\"v=0\"}", "participant-unknown");
    assertErrorAndStillWorking(patient, gp, "{\"type\":\"offer\",\"to\":\"" + me + "\",\"sdp\":\"v=0\"}", "participant-unknown");
    assertErrorAndStillWorking(patient, gp, "{\"type\":\"offer\",\"to\":\"" + waiting.participantId() + "\",\"sdp\":\"v=0\"}",
        "participant-not-admitted");
    assertErrorAndStillWorking(patient, gp, "{\"type\":\"kick\",\"participantId\":\"" + gp.participantId() + "\"}", "not-moderator");
    assertErrorAndStillWorking(gp, patient, "{\"type\":\"admit\",\"participantId\":\"p-nobody\"}", "participant-unknown");
    assertErrorAndStillWorking(gp, patient, "{\"type\":\"admit\",\"participantId\":\"" + me + "\"}", "participant-unknown");
    assertErrorAndStillWorking(gp, patient, "{\"type\":\"kick\",\"participantId\":\"" + gp.participantId() + "\"}", "participant-unknown");

    // ... and the others were not disturbed: no frame reached them, the waiting patient still waits.
    await(gp.socket().expectNone("offer", Duration.ofMillis(100)));
    await(gp.socket().expectNone("participant-left", Duration.ofMillis(1)));
    await(gp.socket().expectNone("participant-updated", Duration.ofMillis(1)));
    await(patient.socket().expectNone("participant-left", Duration.ofMillis(1)));
    await(waiting.socket().expectNone("welcome", Duration.ofMillis(1)));
    await(waiting.socket().expectNone("denied", Duration.ofMillis(1)));
    // The call still works end to end.
    patient.send(new JsonObject().put("type", "offer").put("to", gp.participantId()).put("sdp", "v=0 after"));
    assertEquals("v=0 after", gp.next("offer").getString("sdp"));
    assertEquals(1.0, counter("konsil.signaling.errors", "code", "unknown-type"));
    assertEquals(3.0, counter("konsil.signaling.errors", "code", "malformed-json"));
  }

  @Test
  void errorsEchoTheClientsIdWhenItCanBeRead() {
    String room = room();
    Joined gp = gp(room);
    gp.socket().sendText("{\"type\":\"teleport\",\"id\":\"x-1\"}");
    JsonObject error = gp.next("error");
    assertEquals("x-1", error.getString("id"));
    gp.socket().sendText("{\"type\":\"chat\",\"id\":7}");
    assertEquals("7", gp.next("error").getString("id"));
    gp.socket().sendText("{broken");
    assertNull(gp.next("error").getString("id"));
  }

  @Test
  void aBinaryFrameIsAnErrorNotAClose() {
    String room = room();
    Joined gp = gp(room);
    await(gp.socket().socket().writeBinaryMessage(Buffer.buffer(new byte[] {1, 2, 3})));
    assertEquals("malformed-json", gp.next("error").getString("code"));
    assertEquals("pong", await(gp.socket().request(frame("ping"), "pong")).getString("type"));
  }
}
