package io.konsil.signaling.media.janus;

import io.konsil.signaling.media.IceCandidate;
import io.konsil.signaling.media.MediaEvent;
import io.konsil.signaling.media.MediaLeg;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** Reads the events Janus sends on its own for a handle as the port's {@link MediaEvent}s. */
final class JanusEvents {
  private JanusEvents() {}

  static Optional<MediaEvent> translate(MediaLeg leg, JsonObject event) {
    switch (event.getString("janus", "")) {
      case "webrtcup":
        return Optional.of(new MediaEvent.LegConnected(leg));
      case "media":
        return Optional.of(new MediaEvent.MediaReceiving(leg, event.getString("type", "?"),
            event.getBoolean("receiving", false)));
      case "hangup":
        return Optional.of(new MediaEvent.LegClosed(leg, event.getString("reason", "hangup")));
      case "trickle":
        JsonObject c = event.getJsonObject("candidate", new JsonObject());
        if (c.getBoolean("completed", false)) {
          return Optional.of(new MediaEvent.LocalCandidatesComplete(leg));
        }
        if (c.getString("candidate") == null) {
          return Optional.empty();
        }
        return Optional.of(new MediaEvent.LocalCandidate(leg,
            new IceCandidate(c.getString("candidate"), c.getString("sdpMid"), c.getInteger("sdpMLineIndex", -1))));
      default:
        return Optional.empty();
    }
  }
}
