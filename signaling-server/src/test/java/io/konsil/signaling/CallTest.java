package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.ScriptedSocket;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What happens in a call: relay, chat, updates, kick, end, heartbeat. */
class CallTest extends SignalingTestBase {

  @Test
  void offerAnswerAndCandidateReachOnlyTheAddresseeWithFromSetByTheServer() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    Joined nurse = admittedPatient(room, gp);

    gp.send(new JsonObject().put("type", "offer").put("id", "o1").put("to", patient.participantId())
        .put("sdp", "v=0 offer").put("from", "forged-sender"));
    JsonObject offer = patient.next("offer");
    assertEquals(gp.participantId(), offer.getString("from"));
    assertEquals("v=0 offer", offer.getString("sdp"));
    assertNull(offer.getString("id"));
    assertNull(offer.getString("to"));
    assertEquals("o1", gp.next("ack").getString("id"));

    patient.send(new JsonObject().put("type", "answer").put("to", gp.participantId()).put("sdp", "v=0 answer"));
    JsonObject answer = gp.next("answer");
    assertEquals(patient.participantId(), answer.getString("from"));

    JsonObject candidate = new JsonObject().put("candidate", "candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host")
        .put("sdpMid", "0").put("sdpMLineIndex", 0);
    patient.send(candidate.copy().put("type", "candidate").put("to", gp.participantId()));
    JsonObject relayed = gp.next("candidate");
    assertEquals(patient.participantId(), relayed.getString("from"));
    assertEquals(0, relayed.getInteger("sdpMLineIndex"));
    assertEquals(candidate.getString("candidate"), relayed.getString("candidate"));
    // End-of-candidates is a null candidate.
    patient.send(new JsonObject().put("type", "candidate").put("to", gp.participantId()).putNull("candidate"));
    assertTrue(gp.next("candidate").containsKey("candidate"));

    await(nurse.socket().expectNone("offer", Duration.ofMillis(200)));
    await(nurse.socket().expectNone("candidate", Duration.ofMillis(1)));
    assertEquals(1.0, counter("konsil.frames.relayed", "type", "offer"));
    assertEquals(2.0, counter("konsil.frames.relayed", "type", "candidate"));
  }

  @Test
  void chatGoesToTheWholeCallAndLateJoinersGetTheRecentHistory() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    for (int i = 1; i <= 7; i++) {
      gp.send(new JsonObject().put("type", "chat").put("text", "message " + i));
    }
    JsonObject first = patient.next("chat");
    assertEquals("message 1", first.getString("text"));
    assertEquals(gp.participantId(), first.getString("from"));
    assertEquals("Dr. Gee Pee", first.getString("name"));
    assertTrue(first.getLong("ts") > 0);
    // The sender sees its own message in room order too.
    assertEquals("message 1", gp.next("chat").getString("text"));
    for (int i = 2; i <= 7; i++) {
      patient.next("chat");
    }
    Joined late = gp(room);
    var history = late.first().getJsonArray("chat");
    // chatHistory is 5 in the test configuration.
    assertEquals(5, history.size());
    assertEquals("message 3", history.getJsonObject(0).getString("text"));
    assertEquals("message 7", history.getJsonObject(4).getString("text"));
  }

  @Test
  void updatesAreFannedOutAsParticipantUpdated() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    patient.send(new JsonObject().put("type", "update").put("id", "u1").put("audioMuted", true).put("displayName", "Kari N."));
    JsonObject updated = gp.next("participant-updated");
    assertEquals(patient.participantId(), updated.getString("participantId"));
    JsonObject p = updated.getJsonObject("participant");
    assertTrue(p.getBoolean("audioMuted"));
    assertFalse(p.getBoolean("videoMuted"));
    assertEquals("Kari N.", p.getString("name"));
    assertEquals("connected", p.getString("state"));
    assertEquals("update", patient.next("ack").getString("for"));
    patient.send(new JsonObject().put("type", "update").put("videoMuted", true).put("screenSharing", true));
    JsonObject second = gp.next("participant-updated").getJsonObject("participant");
    assertTrue(second.getBoolean("videoMuted"));
    assertTrue(second.getBoolean("screenSharing"));
    assertTrue(second.getBoolean("audioMuted"));
    // A later joiner sees the current state.
    Joined late = gp(room);
    JsonObject seen = late.first().getJsonArray("participants").stream().map(JsonObject.class::cast)
        .filter(x -> patient.participantId().equals(x.getString("id"))).findFirst().orElseThrow();
    assertEquals("Kari N.", seen.getString("name"));
    assertTrue(seen.getBoolean("screenSharing"));
  }

  @Test
  void aKickedParticipantIsToldRemovedAndMustPassTheLobbyAgain() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    gp.send(new JsonObject().put("type", "kick").put("participantId", patient.participantId()));
    assertEquals(gp.participantId(), patient.next("kicked").getString("by"));
    assertEquals((short) 4001, await(patient.socket().closed()));
    JsonObject left = gp.next("participant-left");
    assertEquals(patient.participantId(), left.getString("participantId"));
    assertEquals("kicked", left.getString("reason"));
    ScriptedSocket back = connect(room, tokens.patient(patient.userId(), room));
    await(back.next("lobby"));
  }

  @Test
  void endingTheRoomTellsEveryoneAndClosesTheRoom() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    Joined waiting = waitingPatient(room);
    gp.send(frame("end"));
    for (Joined j : new Joined[] {gp, patient, waiting}) {
      JsonObject ended = j.next("ended");
      assertEquals("ended-by-moderator", ended.getString("reason"));
      assertEquals(gp.participantId(), ended.getString("by"));
      assertEquals((short) 1000, await(j.socket().closed()));
    }
    // The room is gone: a newcomer starts a fresh one with an empty history and lobby memory.
    Joined again = gp(room);
    assertEquals(0, again.first().getJsonArray("participants").size());
    ScriptedSocket p = connect(room, tokens.patient(patient.userId(), room));
    await(p.next("lobby"));
  }

  @Test
  void pingIsAnsweredWithPongEchoingTheId() {
    String room = room();
    Joined gp = gp(room);
    JsonObject pong = await(gp.socket().request(new JsonObject().put("type", "ping").put("id", "hb-1"), "pong"));
    assertEquals("hb-1", pong.getString("id"));
    assertTrue(pong.getLong("ts") > 0);
    JsonObject numeric = await(gp.socket().request(new JsonObject().put("type", "ping").put("id", "42"), "pong"));
    assertEquals("42", numeric.getString("id"));
  }

  @Test
  void leavingTellsTheOthersAndTheRoomDisappearsWhenEmpty() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    await(patient.socket().close());
    JsonObject left = gp.next("participant-left");
    assertEquals("left", left.getString("reason"));
    await(gp.socket().close());
    for (int i = 0; i < 50 && registry.find("konsil.ws.connections").gauge().value() > 0; i++) {
      pause(20);
    }
    assertEquals(0.0, registry.find("konsil.ws.connections").gauge().value());
    assertEquals(0.0, registry.find("konsil.rooms").gauge().value());
    Joined fresh = gp(room);
    assertEquals(1.0, registry.find("konsil.ws.connections").gauge().value());
    assertEquals(0, fresh.first().getJsonArray("participants").size());
    assertEquals(0, fresh.first().getJsonArray("chat").size());
  }

  @Test
  void twoRoomsAreIsolated() {
    String roomA = room();
    String roomB = room();
    Joined gpA = gp(roomA);
    Joined patA = admittedPatient(roomA, gpA);
    Joined gpB = gp(roomB);
    Joined patB = admittedPatient(roomB, gpB);
    gpA.send(new JsonObject().put("type", "chat").put("text", "only for A"));
    assertEquals("only for A", patA.next("chat").getString("text"));
    // A relay cannot cross rooms: B's participant is unknown in A.
    JsonObject error = await(gpA.socket().request(new JsonObject().put("type", "offer").put("to", patB.participantId())
        .put("sdp", "v=0"), "error"));
    assertEquals("participant-unknown", error.getString("code"));
    await(patB.socket().expectNone("chat", Duration.ofMillis(200)));
    await(patB.socket().expectNone("offer", Duration.ofMillis(1)));
    await(gpB.socket().expectNone("participant-joined", Duration.ofMillis(1)));
    assertEquals(1, patB.first().getJsonArray("participants").size());
  }
}
