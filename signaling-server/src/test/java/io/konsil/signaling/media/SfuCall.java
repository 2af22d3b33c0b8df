package io.konsil.signaling.media;

import static org.junit.jupiter.api.Assertions.fail;

import io.konsil.signaling.media.MediaLeg.Publication;
import io.konsil.signaling.media.MediaLeg.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Plays the room logic's part for tests: relays SDP and candidates between real browser pages and a
 * {@link MediaServer}, the way signaling frames will. Runs on the test thread; the port's events are queued and
 * relayed on each {@link #pump()}.
 */
final class SfuCall {
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

  private final MediaServer server;
  private final String room;
  private final Map<String, SfuPage> pages = new HashMap<>();
  private final ConcurrentLinkedQueue<MediaEvent> incoming = new ConcurrentLinkedQueue<>();
  private final List<MediaEvent> seen = new ArrayList<>();

  SfuCall(MediaServer server, String room) {
    this.server = server;
    this.room = room;
  }

  String room() {
    return room;
  }

  SfuCall open() {
    await(server.openRoom(room, incoming::add));
    return this;
  }

  /** {@code participant}'s browser publishes its camera; returns the browser's offer and the server's answer. */
  Sdp[] publish(String participant, SfuPage page, boolean simulcast) {
    pages.put(participant, page);
    Sdp offer = page.publish(simulcast);
    Sdp answer = pumping(server.publish(new Publication(room, participant), offer));
    page.answered(answer);
    return new Sdp[] {offer, answer};
  }

  /** {@code subscriber}'s browser subscribes to {@code publisher}'s feed; returns the server's offer and the answer. */
  Sdp[] subscribe(String subscriber, SfuPage page, String publisher) {
    pages.put(subscriber, page);
    Subscription s = new Subscription(room, subscriber, publisher);
    Sdp offer = pumping(server.subscribe(s));
    Sdp answer = page.subscribe(publisher, offer);
    pumping(server.answer(s, answer));
    return new Sdp[] {offer, answer};
  }

  /**
   * Every subscriber in {@code pages} subscribes to every other publisher at once, as room logic does when a
   * meeting moves to the server: all server offers requested together, then all answers.
   */
  void subscribeEveryoneToEveryone(Map<String, SfuPage> byParticipant) {
    pages.putAll(byParticipant);
    List<Subscription> subs = new ArrayList<>();
    for (String subscriber : byParticipant.keySet()) {
      for (String publisher : byParticipant.keySet()) {
        if (!subscriber.equals(publisher)) {
          subs.add(new Subscription(room, subscriber, publisher));
        }
      }
    }
    List<io.vertx.core.Future<Sdp>> offers = new ArrayList<>();
    subs.forEach(s -> offers.add(server.subscribe(s)));
    pumping(io.vertx.core.Future.all(offers));
    List<io.vertx.core.Future<Void>> answers = new ArrayList<>();
    for (int i = 0; i < subs.size(); i++) {
      Subscription s = subs.get(i);
      Sdp answer = byParticipant.get(s.subscriber()).subscribe(s.publisher(), offers.get(i).result());
      answers.add(server.answer(s, answer));
    }
    pumping(io.vertx.core.Future.all(answers));
  }

  /** Relays the pages' new candidates to the server and the server's events to the pages. */
  void pump() {
    for (Map.Entry<String, SfuPage> e : pages.entrySet()) {
      String participant = e.getKey();
      for (Map<String, Object> c : e.getValue().drain()) {
        String key = (String) c.get("key");
        MediaLeg leg = "pub".equals(key) ? new Publication(room, participant)
            : new Subscription(room, participant, key);
        Number index = (Number) c.get("sdpMLineIndex");
        io.vertx.core.Future<Void> sent = Boolean.TRUE.equals(c.get("end")) ? server.endOfCandidates(leg)
            : server.addCandidate(leg, new IceCandidate((String) c.get("candidate"), (String) c.get("sdpMid"),
                index == null ? -1 : index.intValue()));
        // A browser may still trickle to a leg the server has just closed (its publisher left): room logic drops
        // those, and so does this stand-in.
        await(sent.recover(err -> err instanceof io.konsil.common.error.KonsilException k
            && MediaErrors.LEG_UNKNOWN.equals(k.code()) ? io.vertx.core.Future.succeededFuture()
            : io.vertx.core.Future.failedFuture(err)));
      }
    }
    MediaEvent event;
    while ((event = incoming.poll()) != null) {
      synchronized (seen) {
        seen.add(event);
      }
      if (event instanceof MediaEvent.LocalCandidate lc) {
        SfuPage page = pages.get(lc.leg().participant());
        if (page != null) {
          page.addCandidate(lc.leg() instanceof Subscription s ? s.publisher() : "pub", lc.candidate());
        }
      }
    }
  }

  List<MediaEvent> events() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  /** Pumps every 50 ms until {@code condition} yields non-null/true; fails after {@code timeout}. */
  <T> T until(String what, Duration timeout, Supplier<T> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      pump();
      T value = condition.get();
      if (value != null && !Boolean.FALSE.equals(value)) {
        return value;
      }
      sleep(50);
    }
    fail("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    return null;
  }

  /** True once every remote video in the page decodes: a size, and playback time that moves between two looks. */
  static boolean decodes(SfuPage page, int expected) {
    List<Map<String, Object>> a = page.videos();
    if (a.size() != expected || a.stream().anyMatch(v -> ((Number) v.get("width")).intValue() == 0)) {
      return false;
    }
    sleep(250);
    List<Map<String, Object>> b = page.videos();
    for (int i = 0; i < expected; i++) {
      if (((Number) b.get(i).get("time")).doubleValue() <= ((Number) a.get(i).get("time")).doubleValue()) {
        return false;
      }
    }
    return true;
  }

  /** Waits for {@code f} while relaying candidates and events, as room logic keeps doing while a call is pending. */
  <T> T pumping(io.vertx.core.Future<T> f) {
    long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
    while (!f.isComplete() && System.nanoTime() < deadline) {
      pump();
      sleep(20);
    }
    return await(f);
  }

  static <T> T await(io.vertx.core.Future<T> f) {
    try {
      return f.await(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer from the media server within " + CALL_TIMEOUT.toSeconds() + " s", e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
