package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.audit.AuditAction;
import io.konsil.common.audit.AuditEntry;
import io.konsil.common.audit.AuditQuery;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.RedisProcess;
import io.konsil.common.testing.ScriptedSocket;
import io.konsil.common.testing.TestServer;
import io.konsil.signaling.media.JanusServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A moderator asks the others for recording consent, and moderators follow the room's recordings live — through a real
 * Janus (a call is recorded only through the media server), with real WebSocket clients, with the rooms in memory and
 * in Redis (the surefire executions), and across two nodes of a network.
 */
class RecordingRequestsTest extends SignalingTestBase {
  private static final Duration QUIET = Duration.ofMillis(400);

  @RegisterExtension
  static final JanusServer JANUS = new JanusServer();

  /** {@code --mesh-max 2} with Janus: the third person in moves the call to the media server. */
  private KonsilConfig withJanus(KonsilConfig base) {
    return base.withMedia(JANUS.media(2));
  }

  private static JsonObject consent() {
    return frame("consent").put("recording", true).put("version", "konsil-recording-v1");
  }

  /** The patient's {@code recording.consent-request} entries, once there are {@code least} (writes are asynchronous). */
  private List<AuditEntry> requestsIn(String patient, int least) {
    long deadline = System.nanoTime() + 3_000_000_000L;
    List<AuditEntry> found;
    do {
      found = await(feature.audit().query(AuditQuery.ofPatient(patient, null, 100))).items().stream()
          .filter(e -> e.action() == AuditAction.RECORDING_CONSENT_REQUEST).toList();
      if (least > 0 && found.size() >= least) {
        return found;
      }
      pause(20);
    } while (System.nanoTime() < deadline);
    return found;
  }

  private Joined specialist(String room) {
    String id = "spec-" + room;
    ScriptedSocket s = connect(room, tokens.specialist(id, room));
    return new Joined(s, await(s.next("welcome")), id);
  }

  @Test
  void aModeratorAsksEveryoneWithoutConsentOnceAndOnlyAModeratorInACallThroughTheMediaServerMay() {
    restart(withJanus(config()));
    String room = room();
    Joined gp = gp(room);
    Joined consenting = admittedPatient(room, gp);

    // Peer to peer: nothing can be recorded, so there is nothing to ask for.
    JsonObject mesh = await(gp.socket().request(frame("recording-consent-request"), "error"));
    assertEquals("recording-needs-sfu", mesh.getString("code"));
    await(consenting.socket().expectNone("recording-consent-request", QUIET));

    Joined hesitant = waitingPatient(room);
    gp.next("knocking");
    gp.send(frame("admit").put("participantId", hesitant.participantId()));
    hesitant.next("welcome");
    assertEquals("sfu", gp.next("media-mode").getString("mode"));

    JsonObject notModerator = await(consenting.socket().request(frame("recording-consent-request"), "error"));
    assertEquals("not-moderator", notModerator.getString("code"));
    await(hesitant.socket().expectNone("recording-consent-request", QUIET));

    consenting.send(consent().put("id", "c1"));
    consenting.next("ack");
    gp.send(frame("recording-consent-request").put("id", "q1"));
    assertEquals("recording-consent-request", gp.next("ack").getString("for"));
    JsonObject asked = hesitant.next("recording-consent-request");
    assertEquals(gp.participantId(), asked.getString("by"), "who asks");
    assertEquals(gp.first().getString("name"), asked.getString("name"));
    assertEquals("gp", asked.getString("role"));
    assertTrue(asked.getLong("ts") > 0);
    await(consenting.socket().expectNone("recording-consent-request", Duration.ofMillis(200)));
    await(gp.socket().expectNone("recording-consent-request", Duration.ofMillis(1)));
    // The request is a consultation event in the trail of the patient asked, once, by the moderator; the patient who
    // had consented was not asked, and their trail says so.
    List<AuditEntry> requests = requestsIn(hesitant.userId(), 1);
    assertEquals(1, requests.size(), requests.toString());
    assertEquals(gp.userId(), requests.get(0).actor().id());
    assertEquals("gp", requests.get(0).actor().role());
    assertEquals(List.of(), requestsIn(consenting.userId(), 0));

    // A second request at once asks nobody again (from any moderator).
    JsonObject again = await(gp.socket().request(frame("recording-consent-request"), "error"));
    assertEquals("recording-consent-asked-recently", again.getString("code"));
    assertTrue(again.getString("message").contains("ask again in"), again.encode());
    Joined spec = specialist(room);
    JsonObject fromOther = await(spec.socket().request(frame("recording-consent-request"), "error"));
    assertEquals("recording-consent-asked-recently", fromOther.getString("code"));
    await(hesitant.socket().expectNone("recording-consent-request", QUIET));

    // Asked, the hesitant one consents: now everyone has, and the moderator may record.
    hesitant.send(consent());
    spec.send(consent());
    awaitConsent(gp, hesitant.participantId());
    awaitConsent(gp, spec.participantId());
    await(gp.socket().request(consent(), "ack"));
    gp.send(frame("record").put("id", "r1").put("on", true));
    assertTrue(gp.next("recording").getBoolean("active"));
  }

  @Test
  void moderatorsGetTheRecordingsListWhenARecordingStartsAndStopsAndOnRequestOthersNever() {
    restart(withJanus(config()));
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    Joined spec = specialist(room);
    assertEquals("sfu", gp.next("media-mode").getString("mode"));
    assertEquals(0, spec.first().getJsonArray("recordings").size());

    JsonObject empty = await(gp.socket().request(frame("recordings"), "recordings"));
    assertEquals(0, empty.getJsonArray("recordings").size());
    JsonObject refused = await(patient.socket().request(frame("recordings"), "error"));
    assertEquals("not-moderator", refused.getString("code"));

    for (Joined j : new Joined[] {gp, patient, spec}) {
      await(j.socket().request(consent(), "ack"));
    }
    awaitConsent(gp, patient.participantId());
    awaitConsent(gp, spec.participantId());
    gp.send(frame("record").put("id", "r1").put("on", true));
    for (Joined moderator : new Joined[] {gp, spec}) {
      JsonArray running = moderator.next("recordings").getJsonArray("recordings");
      assertEquals(1, running.size());
      assertTrue(running.getJsonObject(0).getBoolean("active"));
      assertEquals(gp.participantId(), running.getJsonObject(0).getString("by"));
    }
    gp.send(frame("record").put("on", false));
    for (Joined moderator : new Joined[] {gp, spec}) {
      JsonArray after = moderator.next("recordings").getJsonArray("recordings");
      assertEquals(1, after.size());
      JsonObject done = after.getJsonObject(0);
      assertFalse(done.getBoolean("active"), moderator.userId() + " sees it stopped");
      assertTrue(done.getLong("until") >= done.getLong("since"));
      assertTrue(done.getString("location").startsWith(JANUS.process().recordings().toString()), done.encode());
    }
    assertTrue(patient.next("recording").getBoolean("active"), "everyone sees the recording");
    assertFalse(patient.next("recording").getBoolean("active"));
    await(patient.socket().expectNone("recordings", QUIET));

    JsonObject listed = await(spec.socket().request(frame("recordings").put("id", "l1"), "recordings"));
    assertEquals("l1", listed.getString("id"));
    assertEquals(1, listed.getJsonArray("recordings").size());
    assertFalse(listed.getJsonArray("recordings").getJsonObject(0).getBoolean("active"));
  }

  @Test
  void aRequestAndTheRecordingsListCrossNodesOfANetwork() {
    KonsilConfig networked = withJanus(config()).withRedis(KonsilConfig.Redis.standalone(RedisProcess.shared().uri()));
    OtherNode there = secondNode(networked);
    TestServer otherServer = there.server();
    try {
      String room = room();
      Joined gp = gp(room);
      // The patient and the specialist are on the other node.
      ScriptedSocket p = await(ScriptedSocket.connect(vertx,
          otherServer.ws() + "/signal/" + room + "?jwt=" + tokens.patient("pat-" + room, room)));
      String patientId = await(p.next("lobby")).getString("participantId");
      gp.next("knocking");
      gp.send(frame("admit").put("participantId", patientId));
      await(p.next("welcome"));
      ScriptedSocket spec = await(ScriptedSocket.connect(vertx,
          otherServer.ws() + "/signal/" + room + "?jwt=" + tokens.specialist("spec-" + room, room)));
      String specId = await(spec.next("welcome")).getString("participantId");
      assertEquals("sfu", gp.next("media-mode").getString("mode"));

      gp.send(frame("recording-consent-request").put("id", "q1"));
      gp.next("ack");
      JsonObject asked = await(p.next("recording-consent-request"));
      assertEquals(gp.participantId(), asked.getString("by"));
      assertEquals(gp.participantId(), await(spec.next("recording-consent-request")).getString("by"));
      // The other node knows the room was asked just now.
      JsonObject again = await(spec.request(frame("recording-consent-request"), "error"));
      assertEquals("recording-consent-asked-recently", again.getString("code"));

      await(p.request(consent(), "ack"));
      await(spec.request(consent(), "ack"));
      gp.send(consent());
      awaitConsent(gp, patientId);
      awaitConsent(gp, specId);
      JsonObject started = await(gp.socket().request(frame("record").put("on", true), "ack"));
      assertEquals("record", started.getString("for"), started.encode());
      assertTrue(await(spec.next("recordings")).getJsonArray("recordings").getJsonObject(0).getBoolean("active"));
      assertTrue(gp.next("recordings").getJsonArray("recordings").getJsonObject(0).getBoolean("active"));
      await(spec.send(frame("record").put("on", false)));
      JsonObject stopped = gp.next("recordings");
      assertFalse(stopped.getJsonArray("recordings").getJsonObject(0).getBoolean("active"));
      assertFalse(await(spec.next("recordings")).getJsonArray("recordings").getJsonObject(0).getBoolean("active"));
      await(p.expectNone("recordings", QUIET));
    } finally {
      await(otherServer.stop());
    }
  }

  /** Waits until {@code who} has seen {@code participantId} consent. */
  private static void awaitConsent(Joined who, String participantId) {
    await(who.socket().await(f -> "participant-updated".equals(f.getString("type"))
        && participantId.equals(f.getString("participantId"))
        && f.getJsonObject("participant").getBoolean("consent"), Duration.ofSeconds(5)));
  }
}
