package io.konsil.signaling.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.error.KonsilException;
import io.konsil.common.testing.FreePort;
import io.konsil.signaling.media.MediaLeg.Publication;
import io.konsil.signaling.media.kurento.KurentoMediaServer;
import io.konsil.signaling.media.kurento.KurentoSettings;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs in every build, with or without a Kurento Media Server. It covers only what needs no KMS: an unreachable KMS
 * is a clear {@code media-server-unavailable}, reached without blocking the event loop. It is NOT coverage of the
 * Kurento adapter's media path: that is {@link KurentoMediaServerTest}, which runs only with KONSIL_KMS_URI set
 * (the build prints a warning when it did not run).
 */
class KurentoWithoutServerTest {

  @Test
  void anUnreachableKurentoIsAClearMediaServerUnavailableWithoutBlockingTheEventLoop() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      URI nowhere = URI.create("ws://127.0.0.1:" + FreePort.find() + "/kurento");
      // Created and driven from an event loop: a blocked loop would show up as a Vert.x blocked-thread warning and,
      // worse, as this future never completing while the loop waits on kurento-client.
      KurentoMediaServer server = vertx.getOrCreateContext().<KurentoMediaServer>executeBlocking(
          () -> KurentoMediaServer.create(vertx, KurentoSettings.defaults(nowhere), Clock.systemUTC())).await();
      long start = System.nanoTime();
      KonsilException e = assertThrows(KonsilException.class,
          () -> server.openRoom("no-kms", event -> {}).await(60, TimeUnit.SECONDS));
      assertEquals(MediaErrors.SERVER_UNAVAILABLE, e.code(), e.getMessage());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60));
      KonsilException unknown = assertThrows(KonsilException.class, () -> server.publish(
          new Publication("no-kms", "alice"), new Sdp("v=0")).await(5, TimeUnit.SECONDS));
      assertEquals(MediaErrors.ROOM_UNKNOWN, unknown.code());
      server.close().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await();
    }
  }
}
