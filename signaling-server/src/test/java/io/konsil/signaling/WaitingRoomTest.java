package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.room.RoomDetails;
import io.konsil.common.testing.ScriptedSocket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the waiting room tells the patient, and what a clinician learns about someone knocking. */
class WaitingRoomTest extends SignalingTestBase {

  private Joined waitingPatientWithout(String room, String devicesQuery) {
    String id = "pat-" + UUID.randomUUID().toString().substring(0, 6);
    ScriptedSocket s = await(ScriptedSocket.connect(vertx, url(room, tokens.patient(id, room)) + devicesQuery));
    return new Joined(s, await(s.next("lobby")), id);
  }

  @Test
  void aPatientWithoutCameraOrMicrophoneIsMarkedSoInTheKnockAndTheParticipantList() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = waitingPatientWithout(room, "&camera=0&microphone=0");
    JsonObject knock = gp.next("knocking").getJsonObject("participant");
    assertEquals(new JsonObject().put("camera", false).put("microphone", false), knock.getJsonObject("devices"));

    gp.send(new JsonObject().put("type", "admit").put("participantId", patient.participantId()));
    patient.next("welcome");
    JsonObject joined = gp.next("participant-joined").getJsonObject("participant");
    assertEquals(new JsonObject().put("camera", false).put("microphone", false), joined.getJsonObject("devices"));
    // A client that says nothing has both; the one joining later sees the patient's mark in welcome.participants.
    Joined second = gp(room);
    JsonObject listed = second.first().getJsonArray("participants").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("id").equals(patient.participantId())).findFirst().orElseThrow();
    assertFalse(listed.getJsonObject("devices").getBoolean("camera"));
    JsonObject gpListed = second.first().getJsonArray("participants").getJsonObject(0);
    assertEquals(new JsonObject().put("camera", true).put("microphone", true), gpListed.getJsonObject("devices"));
  }

  @Test
  void aPatientWithOnlyAMicrophoneIsMarkedAsHavingNoCamera() {
    String room = room();
    Joined gp = gp(room);
    waitingPatientWithout(room, "&camera=0");
    assertEquals(new JsonObject().put("camera", false).put("microphone", true),
        gp.next("knocking").getJsonObject("participant").getJsonObject("devices"));
  }

  @Test
  void aModeratorsMessageReachesEveryoneWaitingAndIsRepeatedToLaterArrivals() {
    String room = room();
    Joined gp = gp(room);
    Joined first = waitingPatient(room);
    gp.next("knocking");
    gp.send(new JsonObject().put("type", "lobby-message").put("id", "m1").put("text", "Running ten minutes late"));
    assertEquals("m1", gp.next("ack").getString("id"));
    JsonObject message = first.next("lobby-message");
    assertEquals("Running ten minutes late", message.getString("text"));
    assertEquals(gp.first().getString("name"), message.getString("from"));
    assertTrue(message.getLong("ts") > 0);

    Joined second = waitingPatient(room);
    assertEquals("Running ten minutes late", second.first().getJsonObject("message").getString("text"));
    // Clearing it (an empty text) tells those waiting, and later arrivals find none.
    gp.send(new JsonObject().put("type", "lobby-message").put("text", ""));
    assertEquals("", second.next("lobby-message").getString("text"));
    assertNull(waitingPatient(room).first().getJsonObject("message"));
  }

  @Test
  void aLobbyMessageOver280CharactersOrFromSomeoneWhoIsNotAModeratorIsRefused() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    gp.send(new JsonObject().put("type", "lobby-message").put("id", "long").put("text", "x".repeat(281)));
    JsonObject tooLong = gp.next("error");
    assertEquals("text-too-long", tooLong.getString("code"));
    assertEquals("long", tooLong.getString("id"));
    patient.send(new JsonObject().put("type", "lobby-message").put("id", "p").put("text", "let me in"));
    assertEquals("not-moderator", patient.next("error").getString("code"));
    Joined waiting = waitingPatient(room);
    waiting.send(new JsonObject().put("type", "lobby-message").put("text", "hello?"));
    assertEquals("not-admitted", waiting.next("error").getString("code"));
    // Exactly 280 is fine.
    gp.send(new JsonObject().put("type", "lobby-message").put("id", "ok").put("text", "y".repeat(280)));
    assertEquals("ok", gp.next("ack").getString("id"));
    assertEquals(280, waiting.next("lobby-message").getString("text").length());
  }

  @Test
  void theLobbyFrameSaysWhoAndWhenForARoomThatBelongsToAConsultation() {
    Instant start = Instant.parse("2026-11-27T09:30:00Z");
    restart(config(), room -> Future.succeededFuture(room.startsWith("appt-")
        ? new RoomDetails(room, "gp-hansen", "Dr. Ingrid Hansen", "SLK", "Sykehuset Levanger", start,
            start.plus(Duration.ofMinutes(20)), "gp-consultation")
        : null));
    String room = "appt-" + UUID.randomUUID().toString().substring(0, 8);
    gp(room);
    JsonObject consultation = waitingPatient(room).first().getJsonObject("consultation");
    assertEquals("Dr. Ingrid Hansen", consultation.getString("clinicianName"));
    assertEquals("Sykehuset Levanger", consultation.getString("hospitalName"));
    assertEquals("2026-11-27T09:30:00Z", consultation.getString("start"));
    assertEquals("2026-11-27T09:50:00Z", consultation.getString("end"));
    assertEquals("gp-consultation", consultation.getString("kind"));

    String adHoc = room();
    gp(adHoc);
    assertNull(waitingPatient(adHoc).first().getJsonObject("consultation"), "an ad hoc room has no details");
  }

  @Test
  void aFailingRoomDirectoryKeepsNobodyOutOfTheCall() {
    restart(config(), room -> Future.failedFuture(new IllegalStateException("store down")));
    String room = room();
    Joined gp = gp(room);
    Joined patient = waitingPatient(room);
    assertNull(patient.first().getJsonObject("consultation"));
    gp.next("knocking");
  }
}
