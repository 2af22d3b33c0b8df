package io.konsil.signaling.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.error.KonsilException;
import io.konsil.signaling.media.MediaLeg.Publication;
import io.konsil.signaling.media.MediaLeg.Subscription;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MediaServer} adapter must do, proved against a real media server with real Chromium pages
 * publishing a fake camera. Subclasses start the server and say how to observe it independently of the adapter.
 */
abstract class MediaServerContract {
  static SfuPage alice;
  static SfuPage bob;

  SfuCall call;

  /** The adapter under test, connected to a real server. */
  abstract MediaServer server();

  /** The participants the server itself still holds media for in the room; null when it has no such room. */
  abstract Set<String> participantsOnServer(String room) throws Exception;

  /** The recording's files with their sizes, as the server wrote them. */
  abstract Map<String, Long> recordedFiles(Recording recording) throws Exception;

  /** The server's DTLS fingerprint when the test knows it from the server itself. */
  Optional<String> serverFingerprint() {
    return Optional.empty();
  }

  @BeforeAll
  static void launchBrowsers() {
    alice = SfuPage.launch("alice");
    bob = SfuPage.launch("bob");
  }

  @AfterAll
  static void closeBrowsers() {
    for (SfuPage p : new SfuPage[] {alice, bob}) {
      if (p != null) {
        p.close();
      }
    }
  }

  @BeforeEach
  void openRoom() {
    call = new SfuCall(server(), "contract-" + UUID.randomUUID().toString().substring(0, 8)).open();
  }

  @AfterEach
  void closeRoom() {
    alice.reset();
    bob.reset();
    SfuCall.await(server().closeRoom(call.room()));
  }

  @Test
  void aPublishersOfferIsAnsweredWithTheServersFingerprintIceCredentialsAndMatchingMLines() {
    Sdp[] sdp = call.publish("alice", alice, false);
    SdpFacts offer = SdpFacts.of(sdp[0]);
    SdpFacts answer = SdpFacts.of(sdp[1]);

    assertEquals(offer.media(), answer.media(), "one answer m-line per offered m-line, same kinds, same order");
    assertEquals(offer.mids(), answer.mids(), "the answer keeps the offer's mids");
    assertEquals(1, answer.fingerprints().size(), "one DTLS fingerprint in the answer");
    assertNotEquals(offer.fingerprints(), answer.fingerprints(), "the answer's fingerprint is the server's");
    serverFingerprint().ifPresent(f -> assertEquals(Set.of(f), answer.fingerprints()));
    assertFalse(answer.iceUfrags().isEmpty(), "ICE ufrag in the answer");
    assertFalse(answer.icePwds().isEmpty(), "ICE password in the answer");
    assertTrue(answer.iceUfrags().stream().noneMatch(offer.iceUfrags()::contains), "the server's own ICE credentials");
  }

  @Test
  void aSubscriberGetsTheServersOfferForAFeedAndItsAnswerIsAccepted() {
    Sdp[] published = call.publish("alice", alice, false);
    call.until("alice's publication connected", SfuCall.CALL_TIMEOUT, () -> connected(new Publication(call.room(), "alice")));

    Sdp[] subscribed = call.subscribe("bob", bob, "alice");

    SdpFacts offer = SdpFacts.of(subscribed[0]);
    assertTrue(offer.media().contains("video"), "the server offers alice's video");
    assertTrue(offer.media().contains("audio"), "and her audio");
    assertEquals(SdpFacts.of(published[1]).fingerprints(), offer.fingerprints(),
        "the server presents the same fingerprint to the publisher and the subscriber");
    assertEquals(offer.mids(), SdpFacts.of(subscribed[1]).mids(), "bob's answer matches the offer's m-lines");
  }

  @Test
  void aSubscriberDecodesThePublishersVideoThroughTheServer() {
    long start = System.nanoTime();
    Sdp[] published = call.publish("alice", alice, false);
    call.subscribe("bob", bob, "alice");
    call.until("bob decoding alice's video", SfuCall.CALL_TIMEOUT, () -> SfuCall.decodes(bob, 1));
    long decodedMs = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("%s: publish to subscriber decoding took %d ms%n", getClass().getSimpleName(), decodedMs);

    List<MediaEvent> events = call.events();
    assertTrue(events.stream().anyMatch(e -> e instanceof MediaEvent.LocalCandidate
        && e.room().equals(call.room())), "the server's candidates came as LocalCandidate events: " + events);
    assertTrue(connected(new Publication(call.room(), "alice")), "alice's publication reported connected");
    assertTrue(connected(new Subscription(call.room(), "bob", "alice")), "bob's subscription reported connected");
    String serverFingerprint = SdpFacts.of(published[1]).fingerprints().iterator().next();
    assertEquals(serverFingerprint, String.valueOf(bob.remoteFingerprints().get("alice")).toUpperCase(),
        "bob's video comes from the server, not from alice's browser");
  }

  @Test
  void leavingReleasesEveryLegOfTheParticipantOnTheServer() throws Exception {
    call.publish("alice", alice, false);
    call.publish("bob", bob, false);
    call.subscribe("bob", bob, "alice");
    call.until("both publications connected", SfuCall.CALL_TIMEOUT,
        () -> connected(new Publication(call.room(), "alice")) && connected(new Publication(call.room(), "bob")));
    assertEquals(Set.of("alice", "bob"), participantsOnServer(call.room()));

    SfuCall.await(server().leave(call.room(), "alice"));

    assertEquals(Set.of("bob"), participantsOnServer(call.room()), "the server holds nothing of alice");
    call.until("bob told that his subscription to alice ended", SfuCall.CALL_TIMEOUT, () -> call.events().stream()
        .anyMatch(e -> e instanceof MediaEvent.LegClosed c
            && c.leg().equals(new Subscription(call.room(), "bob", "alice"))));
    assertCode(MediaErrors.LEG_UNKNOWN, server().addCandidate(new Publication(call.room(), "alice"),
        new IceCandidate("candidate:1 1 udp 1 127.0.0.1 9 typ host", "0", 0)));

    SfuCall.await(server().leave(call.room(), "bob"));
    SfuCall.await(server().leave(call.room(), "bob"));
    assertEquals(Set.of(), participantsOnServer(call.room()), "and nothing of bob, after leaving twice");
  }

  @Test
  void anUnknownRoomFeedOrLegFailsWithItsDocumentedCode() {
    Sdp offer = alice.publish(false);
    assertCode(MediaErrors.ROOM_UNKNOWN, server().publish(new Publication("never-opened", "alice"), offer));
    assertCode(MediaErrors.FEED_UNKNOWN, server().subscribe(new Subscription(call.room(), "bob", "nobody")));
    assertCode(MediaErrors.LEG_UNKNOWN, server().answer(new Subscription(call.room(), "bob", "alice"), offer));
    assertCode(MediaErrors.ROOM_UNKNOWN, server().startRecording("never-opened"));
  }

  @Test
  void publishingTwiceIsRefusedAndTheFirstPublicationKeepsFlowing() {
    call.publish("alice", alice, false);
    assertCode(MediaErrors.ALREADY_PUBLISHING,
        server().publish(new Publication(call.room(), "alice"), bob.publish(false)));
    bob.reset();
    call.subscribe("bob", bob, "alice");
    call.until("bob decoding alice's video", SfuCall.CALL_TIMEOUT, () -> SfuCall.decodes(bob, 1));
  }

  @Test
  void recordingWritesTheRoomsMediaUntilStopped() throws Exception {
    call.publish("alice", alice, false);
    call.until("alice's publication connected", SfuCall.CALL_TIMEOUT,
        () -> connected(new Publication(call.room(), "alice")));

    Recording recording = SfuCall.await(server().startRecording(call.room()));
    assertEquals(call.room(), recording.room());
    Map<String, Long> files = call.until("recorded media on disk", SfuCall.CALL_TIMEOUT, () -> {
      try {
        Map<String, Long> f = recordedFiles(recording);
        return f.values().stream().anyMatch(size -> size > 20_000) ? f : null;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    SfuCall.await(server().stopRecording(call.room()));
    Map<String, Long> afterStop = recordedFiles(recording);
    SfuCall.sleep(1500);
    assertEquals(afterStop, recordedFiles(recording), "nothing more is written once recording stopped");
    assertFalse(files.isEmpty());
  }

  @Test
  void aSubscriberGetsALowerVideoLayerWhereTheServerSupportsIt() {
    if (!server().capabilities().videoLayers()) {
      call.publish("alice", alice, false);
      call.subscribe("bob", bob, "alice");
      assertCode(MediaErrors.UNSUPPORTED,
          server().selectLayer(new Subscription(call.room(), "bob", "alice"), VideoLayer.LOW));
      return;
    }
    call.publish("alice", alice, true);
    call.subscribe("bob", bob, "alice");
    Subscription s = new Subscription(call.room(), "bob", "alice");
    call.until("bob decoding alice's video", SfuCall.CALL_TIMEOUT, () -> SfuCall.decodes(bob, 1));
    SfuCall.await(server().selectLayer(s, VideoLayer.HIGH));
    int high = call.until("a layer wider than the lowest", SfuCall.CALL_TIMEOUT, () -> {
      int w = width(bob);
      return w > 320 ? w : null;
    });

    SfuCall.await(server().selectLayer(s, VideoLayer.LOW));

    int low = call.until("the lowest layer", SfuCall.CALL_TIMEOUT, () -> {
      int w = width(bob);
      return w > 0 && w <= 320 ? w : null;
    });
    System.out.printf("%s: simulcast widths high=%d low=%d%n", getClass().getSimpleName(), high, low);
    assertTrue(low < high);
  }

  @Test
  void aClosedRoomIsGoneFromTheServerAndLaterCallsSayRoomUnknown() throws Exception {
    call.publish("alice", alice, false);
    SfuCall.await(server().closeRoom(call.room()));

    assertNull(participantsOnServer(call.room()), "the server has no such room any more");
    assertCode(MediaErrors.ROOM_UNKNOWN, server().subscribe(new Subscription(call.room(), "bob", "alice")));
  }

  boolean connected(MediaLeg leg) {
    return call.events().stream().anyMatch(e -> e instanceof MediaEvent.LegConnected c && c.leg().equals(leg));
  }

  static int width(SfuPage page) {
    List<Map<String, Object>> v = page.videos();
    return v.isEmpty() ? 0 : ((Number) v.get(0).get("width")).intValue();
  }

  static void assertCode(String code, Future<?> future) {
    KonsilException e = assertThrows(KonsilException.class, () -> SfuCall.await(future));
    assertEquals(code, e.code(), e.getMessage());
  }

  static Duration seconds(int s) {
    return Duration.ofSeconds(s);
  }
}
