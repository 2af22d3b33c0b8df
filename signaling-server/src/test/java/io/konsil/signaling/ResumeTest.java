package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.ScriptedSocket;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reconnects: within the grace period (1.5 s in tests) the participant is kept; past it, it has left. */
class ResumeTest extends SignalingTestBase {

  /** The network drops: the client goes away without hanging up (any close code but 1000). */
  private void drop(Joined who) {
    await(who.socket().close((short) 4001, "network drop"));
  }

  private JsonObject resume(ScriptedSocket s, String resumeToken) {
    s.send(new JsonObject().put("type", "resume").put("resumeToken", resumeToken));
    return await(s.await(f -> "welcome".equals(f.getString("type")) || "lobby".equals(f.getString("type")),
        Duration.ofSeconds(5)));
  }

  @Test
  void aParticipantResumingWithinTheGraceKeepsItsIdAndAdmissionAndOthersSeeReconnectingNotLeft() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    String resumeToken = patient.first().getString("resumeToken");
    drop(patient);

    JsonObject reconnecting = gp.next("participant-updated");
    assertEquals(patient.participantId(), reconnecting.getString("participantId"));
    assertEquals("reconnecting", reconnecting.getJsonObject("participant").getString("state"));
    // While away, relays to them are refused with a code rather than lost silently.
    JsonObject error = await(gp.socket().request(new JsonObject().put("type", "offer")
        .put("to", patient.participantId()).put("sdp", "v=0"), "error"));
    assertEquals("participant-reconnecting", error.getString("code"));

    ScriptedSocket again = connect(room, tokens.patient(patient.userId(), room));
    JsonObject welcome = resume(again, resumeToken);
    assertEquals("welcome", welcome.getString("type"));
    assertTrue(welcome.getBoolean("resumed"));
    assertEquals(patient.participantId(), welcome.getString("participantId"));
    assertNotEquals(resumeToken, welcome.getString("resumeToken"));
    assertEquals(gp.participantId(), welcome.getJsonArray("participants").getJsonObject(0).getString("id"));

    JsonObject connected = gp.next("participant-updated");
    assertEquals("connected", connected.getJsonObject("participant").getString("state"));
    await(gp.socket().expectNone("participant-left", Duration.ofMillis(1800)));
    await(gp.socket().expectNone("knocking", Duration.ofMillis(1)));
    await(gp.socket().expectNone("participant-joined", Duration.ofMillis(1)));
    // The resumed connection relays as before.
    again.send(new JsonObject().put("type", "answer").put("to", gp.participantId()).put("sdp", "v=0 resumed"));
    assertEquals(patient.participantId(), gp.next("answer").getString("from"));
  }

  @Test
  void aParticipantResumingAfterTheGraceHasLeftAndTheResumeIsRefusedWithACode() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    String resumeToken = patient.first().getString("resumeToken");
    drop(patient);
    assertEquals("reconnecting", gp.next("participant-updated").getJsonObject("participant").getString("state"));
    JsonObject left = await(gp.socket().next("participant-left", Duration.ofSeconds(4)));
    assertEquals(patient.participantId(), left.getString("participantId"));
    assertEquals("timeout", left.getString("reason"));

    ScriptedSocket late = connect(room, tokens.patient(patient.userId(), room));
    late.send(new JsonObject().put("type", "resume").put("id", "r1").put("resumeToken", resumeToken));
    JsonObject error = await(late.next("error"));
    assertEquals("resume-invalid", error.getString("code"));
    assertEquals("r1", error.getString("id"));
    // It carries on as a new participant; admitted earlier in this room, it skips the lobby.
    JsonObject welcome = await(late.next("welcome"));
    assertNotEquals(patient.participantId(), welcome.getString("participantId"));
    assertFalse(welcome.getBoolean("resumed"));
    assertEquals(welcome.getString("participantId"), gp.next("participant-joined").getJsonObject("participant").getString("id"));
  }

  @Test
  void aResumeTokenIsUselessToAnotherUser() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    drop(patient);
    gp.next("participant-updated");
    ScriptedSocket thief = connect(room, tokens.patient("someone-else", room));
    thief.send(new JsonObject().put("type", "resume").put("resumeToken", patient.first().getString("resumeToken")));
    assertEquals("resume-invalid", await(thief.next("error")).getString("code"));
    // The thief is just a new person knocking.
    await(thief.next("lobby"));
    assertEquals("knocking", gp.next("knocking").getString("type"));
    await(gp.socket().expectNone("participant-joined", Duration.ofMillis(200)));
  }

  @Test
  void anUnknownResumeTokenFromTheSameUserStartsAfreshAndReplacesTheDroppedSession() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    drop(patient);
    gp.next("participant-updated");
    ScriptedSocket again = connect(room, tokens.patient(patient.userId(), room));
    again.send(new JsonObject().put("type", "resume").put("resumeToken", "forged-token"));
    assertEquals("resume-invalid", await(again.next("error")).getString("code"));
    JsonObject welcome = await(again.next("welcome"));
    assertNotEquals(patient.participantId(), welcome.getString("participantId"));
    JsonObject left = gp.next("participant-left");
    assertEquals(patient.participantId(), left.getString("participantId"));
    assertEquals("replaced", left.getString("reason"));
  }

  @Test
  void aResumeWhileTheOldConnectionStillLooksOpenTakesItOver() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    ScriptedSocket second = connect(room, tokens.hs256(tokens.claims(patient.userId(), "Pat Ient", "patient", false, room)
        .put("jti", "new-token")));
    JsonObject welcome = resume(second, patient.first().getString("resumeToken"));
    assertEquals(patient.participantId(), welcome.getString("participantId"));
    assertEquals((short) 4010, await(patient.socket().closed()));
    await(gp.socket().expectNone("participant-left", Duration.ofMillis(300)));
    await(gp.socket().expectNone("participant-updated", Duration.ofMillis(1)));
  }

  @Test
  void aWaitingPatientWhoResumesIsStillWaitingAndCanStillBeAdmitted() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = waitingPatient(room);
    gp.next("knocking");
    drop(patient);
    ScriptedSocket again = connect(room, tokens.patient(patient.userId(), room));
    JsonObject lobby = resume(again, patient.first().getString("resumeToken"));
    assertEquals("lobby", lobby.getString("type"));
    assertTrue(lobby.getBoolean("resumed"));
    assertEquals(patient.participantId(), lobby.getString("participantId"));
    assertEquals(1, lobby.getInteger("position"));
    gp.send(new JsonObject().put("type", "admit").put("participantId", patient.participantId()));
    assertEquals(patient.participantId(), await(again.next("welcome")).getString("participantId"));
  }

  @Test
  void aSecondConnectionOfTheSameUserWithoutResumeJoinsAfterABriefWaitOrAtOnceWithJoin() {
    String room = room();
    Joined gp = gp(room);
    ScriptedSocket tab2 = connect(room, tokens.hs256(tokens.claims(gp.userId(), "Dr", "gp", true, room).put("jti", "tab2")));
    // Within the resume wait nothing is sent ...
    await(tab2.expectNone("welcome", Duration.ofMillis(300)));
    // ... then it joins as its own participant.
    JsonObject welcome = await(tab2.next("welcome", Duration.ofSeconds(3)));
    assertNotEquals(gp.participantId(), welcome.getString("participantId"));
    ScriptedSocket tab3 = connect(room, tokens.hs256(tokens.claims(gp.userId(), "Dr", "gp", true, room).put("jti", "tab3")));
    tab3.send(new JsonObject().put("type", "join").put("id", "j"));
    assertEquals("welcome", await(tab3.next("welcome", Duration.ofMillis(500))).getString("type"));
  }
}
