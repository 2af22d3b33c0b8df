package io.konsil.signaling.media.kurento;

import java.net.URI;
import java.util.Objects;

/**
 * How this node uses a Kurento Media Server (from {@code --kurento-ws}).
 *
 * @param uri the KMS JSON-RPC WebSocket, {@code ws://HOST:8888/kurento}
 * @param recordingUri where KMS writes recordings, as KMS sees it ({@code file:///var/lib/kurento/recordings})
 * @param workers how many worker threads may wait on KMS at once (kurento-client blocks on every call)
 */
public record KurentoSettings(URI uri, String recordingUri, int workers) {
  public KurentoSettings {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(recordingUri, "recordingUri");
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be positive");
    }
  }

  public static KurentoSettings defaults(URI uri) {
    return new KurentoSettings(uri, "file:///var/lib/kurento/recordings", 8);
  }
}
