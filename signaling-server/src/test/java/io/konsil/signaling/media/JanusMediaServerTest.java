package io.konsil.signaling.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;

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

  @Test
  void aJanusRecordingConvertsToAPlayableWebmWithJanusPpRec() throws Exception {
    call.publish("alice", alice, false);
    Recording recording = SfuCall.await(server.startRecording(call.room()));
    call.until("alice's video recorded", SfuCall.CALL_TIMEOUT, () -> {
      try {
        return recordedFiles(recording).entrySet().stream()
            .anyMatch(e -> e.getKey().contains("-video-") && e.getValue() > 50_000);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    SfuCall.await(server.stopRecording(call.room()));
    Path video = call.until("the finished .mjr file", SfuCall.CALL_TIMEOUT, () -> {
      try (Stream<Path> list = Files.list(Path.of(recording.location()))) {
        return list.filter(p -> p.getFileName().toString().contains(call.room())
            && p.getFileName().toString().contains("-video-") && p.toString().endsWith(".mjr")).findFirst().orElse(null);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    Path webm = video.resolveSibling(call.room() + ".webm");

    Process pp = new ProcessBuilder("janus-pp-rec", video.toString(), webm.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();

    assertEquals(0, pp.waitFor(), "janus-pp-rec (package janus-tools) converts the recording");
    assertTrue(Files.size(webm) > 20_000, "into a WebM with the video in it");
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
