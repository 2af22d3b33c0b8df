package io.konsil.signaling.media;

import io.konsil.signaling.media.janus.JanusMediaServer;
import io.konsil.signaling.media.janus.JanusSettings;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link MediaServerContract} against a real Janus 1.1 (VideoRoom over WebSocket). */
class JanusMediaServerTest extends MediaServerContract {
  static Vertx vertx;
  static JanusProcess janus;
  static JanusMediaServer server;
  static JanusProbe probe;

  @BeforeAll
  static void startJanus() throws Exception {
    vertx = Vertx.vertx();
    janus = JanusProcess.start();
    server = JanusMediaServer.create(vertx,
        JanusSettings.defaults(janus.uri(), janus.recordings().toString()), Clock.systemUTC());
    probe = new JanusProbe(vertx, janus.uri());
  }

  @AfterAll
  static void stopJanus() throws Exception {
    if (probe != null) {
      probe.close();
    }
    if (server != null) {
      server.close().await();
    }
    if (janus != null) {
      janus.close();
    }
    vertx.close().await();
  }

  @Override
  MediaServer server() {
    return server;
  }

  @Override
  Set<String> participantsOnServer(String room) throws Exception {
    return probe.participants(room);
  }

  @Override
  Map<String, Long> recordedFiles(Recording recording) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(Path.of(recording.location()))) {
      list.filter(p -> p.getFileName().toString().contains(recording.room()))
          .forEach(p -> files.put(p.getFileName().toString(), p.toFile().length()));
    }
    return files;
  }

  @Override
  Optional<String> serverFingerprint() {
    return Optional.ofNullable(janus.fingerprint());
  }
}
