package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.signaling.media.IceCandidate;
import io.konsil.signaling.media.JanusServer;
import io.konsil.signaling.media.Sdp;
import io.konsil.signaling.media.SfuPage;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Calls beyond the mesh through a real Janus, driven only by Konsil signaling frames: the call moves to the media
 * server when one more than {@code --mesh-max} is let in, real Chromium pages publish and subscribe through it, and
 * recording follows everyone's consent. Without a media server the call is full at {@code --mesh-max}.
 */
class SfuRoomTest extends SignalingTestBase {
  @RegisterExtension
  static final JanusServer JANUS = new JanusServer();

  private void withMedia(boolean server) {
    KonsilConfig.Media media = server
        ? JANUS.media(2)
        : new KonsilConfig.Media(null, null, 2, null);
    // Browsers take a few seconds to start: a longer idle timeout than the suite's 5 s.
    KonsilConfig.Signaling s = signaling();
    restart(config(new KonsilConfig.Signaling(s.maxParticipants(), s.maxFrameBytes(), s.messagesPerSecond(),
        s.messageBurst(), s.maxConnectionsPerToken(), Duration.ofSeconds(120), s.resumeGrace(), s.chatHistory(),
        s.allowedOrigins(), s.perMessageDeflate())).withMedia(media));
  }

  @Test
  void withoutAMediaServerTheCallIsFullAtMeshMaxAndTheThirdKeepsWaiting() {
    withMedia(false);
    String room = room();
    Joined gp = gp(room);
    admittedPatient(room, gp);
    Joined third = waitingPatient(room);
    gp.next("knocking");
    gp.send(frame("admit").put("id", "a3").put("participantId", third.participantId()));
    JsonObject refused = gp.next("error");
    assertEquals("call-full", refused.getString("code"));
    assertEquals("a3", refused.getString("id"));
    await(third.socket().expectNone("welcome", Duration.ofMillis(300)));
    // A second moderator is refused too, at the door.
    String spec = "spec-" + room;
    var late = connect(room, tokens.specialist(spec, room));
    assertEquals("call-full", await(late.next("error")).getString("code"));
    assertEquals((short) 4009, await(late.closed()));
  }

  @Test
  void oneMoreThanTheMeshMovesTheCallToTheMediaServerAndMediaFlowsThroughIt() throws Exception {
    withMedia(true);
    String room = room();
    Joined gp = gp(room);
    assertEquals("mesh", gp.first().getJsonObject("media").getString("mode"));
    Joined first = admittedPatient(room, gp);
    Joined second = waitingPatient(room);
    gp.next("knocking");
    gp.send(frame("admit").put("participantId", second.participantId()));
    JsonObject moved = gp.next("media-mode");
    assertEquals("sfu", moved.getString("mode"));
    assertEquals("janus", moved.getString("server"));
    assertEquals("sfu", first.next("media-mode").getString("mode"));
    JsonObject welcome = second.next("welcome");
    assertEquals("sfu", welcome.getJsonObject("media").getString("mode"));

    try (SfuPage publisher = SfuPage.launch("second"); SfuPage viewer = SfuPage.launch("gp")) {
      // The newcomer publishes its camera through Konsil signaling.
      Sdp offer = publisher.publish(false);
      second.send(frame("sfu-publish").put("id", "pub").put("sdp", offer.text()));
      JsonObject answer = second.next("sfu-answer");
      assertEquals("pub", answer.getString("id"));
      assertTrue(answer.getString("sdp").toUpperCase().contains(JANUS.process().fingerprint()), "Janus answers the offer");
      publisher.answered(new Sdp(answer.getString("sdp")));
      JsonObject feed = gp.socket().await(f -> "participant-updated".equals(f.getString("type"))
          && f.getJsonObject("participant").getBoolean("feed"), Duration.ofSeconds(10)).toCompletionStage()
          .toCompletableFuture().get();
      assertEquals(second.participantId(), feed.getString("participantId"));

      // The GP subscribes to it: the server offers (once the publisher's leg is up), the browser answers, and
      // candidates flow both ways, as a browser trickles them.
      gp.send(frame("sfu-subscribe").put("feed", second.participantId()));
      JsonObject serverOffer = null;
      long offerBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (serverOffer == null && System.nanoTime() < offerBy) {
        trickle(publisher, second, "pub", "publish");
        serverOffer = poll(gp, "sfu-offer");
      }
      assertTrue(serverOffer != null, "the server offers the feed");
      Sdp viewerAnswer = viewer.subscribe(second.participantId(), new Sdp(serverOffer.getString("sdp")));
      gp.send(frame("sfu-answer").put("feed", second.participantId()).put("sdp", viewerAnswer.text()));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      boolean decoding = false;
      while (!decoding && System.nanoTime() < deadline) {
        trickle(publisher, second, "pub", "publish");
        trickle(viewer, gp, second.participantId(), second.participantId());
        List<Map<String, Object>> videos = viewer.videos();
        decoding = videos.size() == 1 && ((Number) videos.get(0).get("width")).intValue() > 0;
        pause(100);
      }
      assertTrue(decoding, "the GP decodes the newcomer's camera through the media server");
      assertEquals(JANUS.process().fingerprint(), String.valueOf(viewer.remoteFingerprints().get(second.participantId()))
          .toUpperCase(), "the media comes from Janus, not from the other browser");
    }
  }

  @Test
  void recordingStartsOnlyWithEveryonesConsentAndAWithdrawalStopsItForAll() {
    withMedia(true);
    String room = room();
    Joined gp = gp(room);
    Joined a = admittedPatient(room, gp);
    Joined b = waitingPatient(room);
    gp.next("knocking");
    gp.send(frame("admit").put("participantId", b.participantId()));
    String bName = b.next("welcome").getString("name");
    gp.next("media-mode");

    gp.send(frame("record").put("id", "r0").put("on", true));
    JsonObject noConsent = gp.next("error");
    assertEquals("recording-consent-missing", noConsent.getString("code"));
    for (Joined j : new Joined[] {gp, a}) {
      j.send(frame("consent").put("id", "c").put("recording", true).put("version", "konsil-recording-v1"));
      assertEquals("consent", j.next("ack").getString("for"));
    }
    gp.send(frame("record").put("id", "r1").put("on", true));
    JsonObject stillMissing = gp.next("error");
    assertEquals("recording-consent-missing", stillMissing.getString("code"));
    assertTrue(stillMissing.getString("message").endsWith(": " + bName), stillMissing.encode());

    b.send(frame("consent").put("id", "c").put("recording", true).put("version", "konsil-recording-v1"));
    b.next("ack");
    gp.send(frame("record").put("id", "r2").put("on", true));
    for (Joined j : new Joined[] {gp, a, b}) {
      JsonObject on = j.next("recording");
      assertTrue(on.getBoolean("active"), j.userId() + " sees the recording");
    }
    a.send(frame("consent").put("recording", false));
    for (Joined j : new Joined[] {gp, a, b}) {
      JsonObject off = j.next("recording");
      assertFalse(off.getBoolean("active"));
      assertEquals("consent-withdrawn", off.getString("reason"));
    }

    // The audit trail: consent given and withdrawn, recording started and stopped, each once, by whom, with the
    // wording version or the reason as a code, through the signaling door, on the room's consultation.
    List<String> expected = List.of(
        "recording.stop by " + a.userId() + " (consent-withdrawn)",
        "recording.withdraw by " + a.userId() + " (konsil-recording-v1)",
        "recording.start by " + gp.userId() + " (null)",
        "recording.consent by " + a.userId() + " (konsil-recording-v1)",
        "recording.consent by " + gp.userId() + " (konsil-recording-v1)");
    assertEquals(expected, recordingTrail(a.userId(), room, s -> s.size() >= 5));
    pause(200);
    assertEquals(expected, recordingTrail(a.userId(), room, s -> false), "each event once");
    assertTrue(recordingTrail(b.userId(), room, s -> s.size() >= 5)
        .contains("recording.consent by " + b.userId() + " (konsil-recording-v1)"));
  }

  /** A patient's recording.* entries of {@code room} as "action by actor (detail)", newest first, once {@code until}. */
  private List<String> recordingTrail(String patient, String room, java.util.function.Predicate<List<String>> until) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    List<String> seen;
    do {
      seen = await(feature.audit().query(io.konsil.common.audit.AuditQuery.ofPatient(patient, null, 100))).items()
          .stream()
          .filter(e -> e.action().wire().startsWith("recording."))
          .peek(e -> assertEquals("consultation:" + room, e.basis().wire()))
          .peek(e -> assertEquals(io.konsil.common.audit.Door.SIGNALING, e.door()))
          .map(e -> e.action().wire() + " by " + e.actor().id() + " (" + e.detail() + ")")
          .toList();
      if (until.test(seen)) {
        break;
      }
      pause(20);
    } while (System.nanoTime() < deadline);
    return seen;
  }

  private static JsonObject poll(Joined who, String type) {
    try {
      return who.socket().next(type, Duration.ofMillis(100)).toCompletionStage().toCompletableFuture().get();
    } catch (Exception none) {
      return null;
    }
  }

  /** Carries a page's new candidates to the server and the server's {@code sfu-candidate} frames to the page. */
  private void trickle(SfuPage page, Joined who, String pageKey, String leg) {
    for (Map<String, Object> c : page.drain()) {
      JsonObject f = frame("sfu-candidate").put("leg", leg);
      if (Boolean.TRUE.equals(c.get("end"))) {
        f.putNull("candidate");
      } else {
        f.put("candidate", c.get("candidate")).put("sdpMid", c.get("sdpMid")).put("sdpMLineIndex", c.get("sdpMLineIndex"));
      }
      who.send(f);
    }
    while (true) {
      JsonObject f;
      try {
        f = who.socket().await(x -> "sfu-candidate".equals(x.getString("type")) && leg.equals(x.getString("leg")),
            Duration.ofMillis(30)).toCompletionStage().toCompletableFuture().get();
      } catch (Exception none) {
        return;
      }
      if (f.getString("candidate") != null) {
        page.addCandidate(pageKey, new IceCandidate(f.getString("candidate"), f.getString("sdpMid"),
            f.getInteger("sdpMLineIndex", -1)));
      }
    }
  }
}
