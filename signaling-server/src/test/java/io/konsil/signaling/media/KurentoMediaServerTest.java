package io.konsil.signaling.media;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.konsil.signaling.media.kurento.KurentoMediaServer;
import io.konsil.signaling.media.kurento.KurentoSettings;
import io.vertx.core.Vertx;
import java.io.File;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.kurento.client.WebRtcEndpoint;

/**
 * The {@link MediaServerContract} against a real Kurento Media Server at {@code KONSIL_KMS_URI}
 * (e.g. ws://127.0.0.1:8888/kurento). The signaling-server pom leaves this class out of the build when the variable
 * is unset and prints that the Kurento adapter was not tested against a media server; there is no fake KMS.
 * Recordings are checked on this machine's disk, so KMS must write them where this JVM can read
 * ({@code KONSIL_KMS_RECORDINGS}, default /tmp/konsil-kms-recordings, as a file:// path KMS shares).
 */
class KurentoMediaServerTest extends MediaServerContract {
  static Vertx vertx;
  static KurentoMediaServer server;
  static KurentoClient observer;
  static String recordings;

  @BeforeAll
  static void connect() {
    String uri = System.getenv("KONSIL_KMS_URI");
    assertNotNull(uri, "KONSIL_KMS_URI must point at a Kurento Media Server for this test");
    recordings = System.getenv().getOrDefault("KONSIL_KMS_RECORDINGS", "/tmp/konsil-kms-recordings");
    new File(recordings).mkdirs();
    vertx = Vertx.vertx();
    server = KurentoMediaServer.create(vertx,
        new KurentoSettings(URI.create(uri), "file://" + recordings, 8), Clock.systemUTC());
    observer = KurentoClient.create(uri);
  }

  @AfterAll
  static void disconnect() throws Exception {
    if (server != null) {
      server.close().await();
    }
    if (observer != null) {
      observer.destroy();
    }
    vertx.close().await();
  }

  @Override
  MediaServer server() {
    return server;
  }

  /** Asks KMS itself: the named WebRtcEndpoints left in the room's pipeline. */
  @Override
  Set<String> participantsOnServer(String room) {
    for (MediaPipeline p : observer.getServerManager().getPipelines()) {
      if (room.equals(p.getName())) {
        Set<String> names = new TreeSet<>();
        for (MediaObject child : p.getChildren()) {
          if (child instanceof WebRtcEndpoint || child.getClass().getSimpleName().contains("WebRtcEndpoint")) {
            names.add(child.getName());
          }
        }
        return names;
      }
    }
    return null;
  }

  @Override
  Map<String, Long> recordedFiles(Recording recording) {
    Map<String, Long> files = new TreeMap<>();
    File dir = new File(URI.create(recording.location()).getPath());
    File[] list = dir.listFiles();
    if (list != null) {
      for (File f : list) {
        files.put(f.getName(), f.length());
      }
    }
    return files;
  }
}
