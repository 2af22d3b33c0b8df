package io.konsil.signaling.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.error.KonsilException;
import io.konsil.common.testing.FreePort;
import io.konsil.signaling.media.MediaLeg.Publication;
import io.konsil.signaling.media.janus.JanusMediaServer;
import io.konsil.signaling.media.janus.JanusSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Janus adapter against a real Janus that times sessions out, restarts, or is not there. */
class JanusResilienceTest {
  static final int SESSION_TIMEOUT_S = 3;

  Vertx vertx;
  JanusProcess janus;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    janus = JanusProcess.start(SESSION_TIMEOUT_S);
  }

  @AfterEach
  void stop() throws Exception {
    janus.close();
    vertx.close().await();
  }

  JanusMediaServer adapter(Duration keepalive) {
    return JanusMediaServer.create(vertx,
        JanusSettings.defaults(janus.uri(), janus.recordings().toString()).withKeepalive(keepalive), Clock.systemUTC());
  }

  @Test
  void keepalivesHoldARoomBeyondJanusSessionTimeoutAndWithoutThemJanusDropsIt() throws Exception {
    JanusMediaServer kept = adapter(Duration.ofSeconds(1));
    JanusMediaServer neglected = adapter(Duration.ofSeconds(60));
    List<MediaEvent> keptEvents = new CopyOnWriteArrayList<>();
    List<MediaEvent> neglectedEvents = new CopyOnWriteArrayList<>();
    kept.openRoom("kept", keptEvents::add).await(10, TimeUnit.SECONDS);
    neglected.openRoom("neglected", neglectedEvents::add).await(10, TimeUnit.SECONDS);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SESSION_TIMEOUT_S * 4L);
    while (neglectedEvents.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }

    assertTrue(neglectedEvents.stream().anyMatch(e -> e instanceof MediaEvent.RoomLost),
        "without keepalives Janus times the session out and the room logic hears it: " + neglectedEvents);
    assertCode(MediaErrors.ROOM_UNKNOWN, neglected.startRecording("neglected"));
    assertEquals(List.of(), keptEvents, "with keepalives nothing is lost");
    assertEquals("kept", kept.startRecording("kept").await(10, TimeUnit.SECONDS).room(),
        "and the room's session still answers after " + (SESSION_TIMEOUT_S * 4) + " s");
    kept.close().await(10, TimeUnit.SECONDS);
    neglected.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aJanusRestartEndsEveryRoomWithRoomLostAndTheNextOpenConnectsAgain() throws Exception {
    JanusMediaServer server = adapter(Duration.ofSeconds(1));
    List<MediaEvent> events = new CopyOnWriteArrayList<>();
    server.openRoom("restarting", events::add).await(10, TimeUnit.SECONDS);

    janus.restart();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (events.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(events.stream().anyMatch(e -> e instanceof MediaEvent.RoomLost r && r.room().equals("restarting")),
        "the room logic hears the room is gone: " + events);
    assertCode(MediaErrors.ROOM_UNKNOWN, server.startRecording("restarting"));

    server.openRoom("restarting", events::add).await(10, TimeUnit.SECONDS);
    try (JanusProbe probe = new JanusProbe(vertx, janus.uri())) {
      assertNotNull(probe.participants("restarting"), "the room exists again on the restarted Janus");
    }
    server.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void anUnreachableJanusIsAClearMediaServerUnavailable() throws Exception {
    JanusMediaServer server = JanusMediaServer.create(vertx, JanusSettings.defaults(
        URI.create("ws://127.0.0.1:" + FreePort.find()), janus.recordings().toString()), Clock.systemUTC());
    assertCode(MediaErrors.SERVER_UNAVAILABLE, server.openRoom("nowhere", e -> {}));
    assertCode(MediaErrors.ROOM_UNKNOWN, server.publish(new Publication("nowhere", "alice"), new Sdp("v=0")));
    server.close().await(10, TimeUnit.SECONDS);
  }

  static void assertCode(String code, Future<?> future) {
    KonsilException e = assertThrows(KonsilException.class, () -> future.await(15, TimeUnit.SECONDS));
    assertEquals(code, e.code(), e.getMessage());
  }
}
