package io.konsil.signaling.media.janus;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How this node uses a Janus server (from {@code --janus-ws}).
 *
 * @param uri the WebSocket transport, {@code ws://HOST:PORT} (wss too)
 * @param apiSecret Janus's {@code api_secret}, sent with every request; null when Janus has none
 * @param adminKey the VideoRoom plugin's {@code admin_key}, needed to create rooms; null when none
 * @param recordingDir where Janus writes recordings, on the Janus host ({@code rec_dir} of each room)
 * @param publishers the publisher cap of each room
 * @param audioCodec codecs allowed for publishers, in order of preference (Janus syntax: "opus")
 * @param videoCodec likewise for video ("vp8,h264"); simulcast works with VP8 and H.264
 * @param bitrate the cap, in bit/s, that Janus asks each publisher's browser to respect (REMB)
 * @param requestTimeout how long a request may wait for its reply before the server counts as unavailable
 * @param keepalive how often each Janus session is kept alive; well within Janus's {@code session_timeout} (60 s)
 */
public record JanusSettings(URI uri, String apiSecret, String adminKey, String recordingDir, int publishers,
    String audioCodec, String videoCodec, int bitrate, Duration requestTimeout, Duration keepalive) {

  public static final int DEFAULT_PUBLISHERS = 12;

  public JanusSettings {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(recordingDir, "recordingDir");
    if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
      throw new IllegalArgumentException("the Janus WebSocket address must be ws:// or wss://");
    }
    if (publishers < 1 || keepalive.isNegative() || keepalive.isZero() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("publishers, keepalive and requestTimeout must be positive");
    }
  }

  /** Sizes for calls of up to twelve, VP8 or H.264 video at up to 1 Mbit/s per publisher. */
  public static JanusSettings defaults(URI uri, String recordingDir) {
    return new JanusSettings(uri, null, null, recordingDir, DEFAULT_PUBLISHERS, "opus", "vp8,h264", 1_000_000,
        Duration.ofSeconds(10), Duration.ofSeconds(20));
  }

  public JanusSettings withSecrets(String apiSecret, String adminKey) {
    return new JanusSettings(uri, apiSecret, adminKey, recordingDir, publishers, audioCodec, videoCodec, bitrate,
        requestTimeout, keepalive);
  }

  public JanusSettings withKeepalive(Duration keepalive) {
    return new JanusSettings(uri, apiSecret, adminKey, recordingDir, publishers, audioCodec, videoCodec, bitrate,
        requestTimeout, keepalive);
  }
}
