package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.ScriptedSocket;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LobbyTest extends SignalingTestBase {

  @Test
  void patientWaitsInLobbyUntilAdmitted() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = waitingPatient(room);
    assertEquals(1, patient.first().getInteger("position"));
    assertTrue(patient.first().getString("resumeToken").length() >= 43);
    JsonObject knock = gp.next("knocking");
    assertEquals(patient.participantId(), knock.getJsonObject("participant").getString("id"));
    assertEquals("Pat Ient", knock.getJsonObject("participant").getString("name"));
    assertEquals("patient", knock.getJsonObject("participant").getString("role"));
    assertEquals(patient.userId(), knock.getJsonObject("participant").getString("userId"), "moderators can match the knock");
    // Nothing about the call reaches the lobby.
    gp.send(new JsonObject().put("type", "chat").put("text", "Just a moment"));
    gp.next("chat");
    await(patient.socket().expectNone("chat", Duration.ofMillis(200)));

    gp.send(new JsonObject().put("type", "admit").put("id", "a1").put("participantId", patient.participantId()));
    JsonObject welcome = patient.next("welcome");
    assertEquals(patient.participantId(), welcome.getString("participantId"));
    assertEquals(gp.participantId(), welcome.getJsonArray("participants").getJsonObject(0).getString("id"));
    assertEquals("Just a moment", welcome.getJsonArray("chat").getJsonObject(0).getString("text"));
    assertEquals("a1", gp.next("ack").getString("id"));
    JsonObject ended = gp.next("knock-ended");
    assertEquals("admitted", ended.getString("outcome"));
    JsonObject joined = gp.next("participant-joined").getJsonObject("participant");
    assertEquals(patient.participantId(), joined.getString("id"));
    assertFalse(joined.containsKey("userId"), "the token's user id is for moderators' eyes only");
    var wait = registry.find("konsil.lobby.wait").tag("outcome", "admitted").timer();
    assertEquals(1, wait.count());
  }

  @Test
  void aDeniedPatientIsToldAndDisconnectedWithCode4003() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = waitingPatient(room);
    gp.next("knocking");
    gp.send(new JsonObject().put("type", "deny").put("participantId", patient.participantId()));
    assertEquals(gp.participantId(), patient.next("denied").getString("by"));
    assertEquals((short) 4003, await(patient.socket().closed()));
    assertEquals("denied", gp.next("knock-ended").getString("outcome"));
    await(gp.socket().expectNone("participant-left", Duration.ofMillis(200)));
  }

  @Test
  void positionsMoveUpWhenSomeoneAheadLeavesTheLobby() {
    String room = room();
    Joined gp = gp(room);
    Joined first = waitingPatient(room);
    Joined second = waitingPatient(room);
    Joined third = waitingPatient(room);
    assertEquals(2, second.first().getInteger("position"));
    assertEquals(3, third.first().getInteger("position"));
    assertEquals(1, gp.next("knocking").getInteger("position"));
    assertEquals(2, gp.next("knocking").getInteger("position"));
    assertEquals(3, gp.next("knocking").getInteger("position"));
    gp.send(new JsonObject().put("type", "admit").put("participantId", first.participantId()));
    assertEquals(1, second.next("lobby").getInteger("position"));
    assertEquals(2, third.next("lobby").getInteger("position"));
    second.send(frame("leave"));
    assertEquals(1, third.next("lobby").getInteger("position"));
    JsonObject left = await(gp.socket().await(f -> "knock-ended".equals(f.getString("type"))
        && second.participantId().equals(f.getString("participantId")), Duration.ofSeconds(3)));
    assertEquals("left", left.getString("outcome"));
  }

  @Test
  void aModeratorArrivingLaterSeesWhoIsAlreadyWaiting() {
    String room = room();
    Joined patient = waitingPatient(room);
    Joined gp = gp(room);
    var waiting = gp.first().getJsonObject("lobby").getJsonArray("waiting");
    assertEquals(1, waiting.size());
    assertEquals(patient.participantId(), waiting.getJsonObject(0).getString("id"));
    assertEquals(1, waiting.getJsonObject(0).getInteger("position"));
  }

  @Test
  void turningTheLobbyOffAdmitsEveryoneWaitingAndLetsLaterJoinersStraightIn() {
    String room = room();
    Joined gp = gp(room);
    Joined waiting = waitingPatient(room);
    gp.send(new JsonObject().put("type", "lobby-toggle").put("enabled", false));
    assertFalse(gp.next("room-updated").getJsonObject("lobby").getBoolean("enabled"));
    assertEquals(waiting.participantId(), waiting.next("welcome").getString("participantId"));
    ScriptedSocket late = connect(room, tokens.patient("pat-late", room));
    JsonObject welcome = await(late.next("welcome"));
    assertFalse(welcome.getJsonObject("lobby").getBoolean("enabled"));
    assertEquals(2, welcome.getJsonArray("participants").size());
  }

  @Test
  void aPatientAdmittedOnceIsNotSentBackToTheLobbyWhenJoiningAgain() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    patient.send(frame("leave"));
    assertEquals((short) 1000, await(patient.socket().closed()));
    assertEquals("left", gp.next("participant-left").getString("reason"));
    ScriptedSocket back = connect(room, tokens.patient(patient.userId(), room));
    JsonObject welcome = await(back.next("welcome"));
    assertNotEquals(patient.participantId(), welcome.getString("participantId"));
    await(gp.socket().expectNone("knocking", Duration.ofMillis(200)));
  }

  @Test
  void nonModeratorsCannotUseModeratorActions() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    Joined other = waitingPatient(room);
    for (JsonObject f : new JsonObject[] {
        new JsonObject().put("type", "admit").put("participantId", other.participantId()),
        new JsonObject().put("type", "deny").put("participantId", other.participantId()),
        new JsonObject().put("type", "kick").put("participantId", gp.participantId()),
        new JsonObject().put("type", "lobby-toggle").put("enabled", false),
        frame("end")}) {
      JsonObject error = await(patient.socket().request(f, "error"));
      assertEquals("not-moderator", error.getString("code"), f.encode());
    }
    // Nothing happened: the other still waits, the call goes on.
    await(other.socket().expectNone("welcome", Duration.ofMillis(200)));
    assertEquals("pong", await(gp.socket().request(frame("ping"), "pong")).getString("type"));
  }

  @Test
  void someoneInTheLobbyCannotChatRelayOrUpdate() {
    String room = room();
    Joined gp = gp(room);
    Joined waiting = waitingPatient(room);
    for (JsonObject f : new JsonObject[] {
        new JsonObject().put("type", "chat").put("text", "let me in"),
        new JsonObject().put("type", "offer").put("to", gp.participantId()).put("sdp", "v=0"),
        new JsonObject().put("type", "update").put("audioMuted", true)}) {
      assertEquals("not-admitted", await(waiting.socket().request(f, "error")).getString("code"), f.encode());
    }
    await(gp.socket().expectNone("offer", Duration.ofMillis(200)));
    assertEquals("pong", await(waiting.socket().request(frame("ping"), "pong")).getString("type"));
  }
}
