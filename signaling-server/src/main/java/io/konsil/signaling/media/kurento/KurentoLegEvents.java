package io.konsil.signaling.media.kurento;

import io.konsil.signaling.media.IceCandidate;
import io.konsil.signaling.media.MediaEvent;
import io.konsil.signaling.media.MediaLeg;
import java.util.function.Consumer;
import org.kurento.client.MediaFlowState;
import org.kurento.client.MediaState;
import org.kurento.client.WebRtcEndpoint;

/**
 * Turns a {@link WebRtcEndpoint}'s KMS events into the port's {@link MediaEvent}s. kurento-client calls listeners
 * on its own threads; {@code sink} must hand them over to the room's context.
 */
final class KurentoLegEvents {
  private KurentoLegEvents() {}

  /** Blocking (subscribes on KMS): call on a worker. */
  static void attach(WebRtcEndpoint endpoint, MediaLeg leg, Consumer<MediaEvent> sink) {
    endpoint.addIceCandidateFoundListener(e -> sink.accept(new MediaEvent.LocalCandidate(leg, new IceCandidate(
        e.getCandidate().getCandidate(), e.getCandidate().getSdpMid(), e.getCandidate().getSdpMLineIndex()))));
    endpoint.addIceGatheringDoneListener(e -> sink.accept(new MediaEvent.LocalCandidatesComplete(leg)));
    endpoint.addMediaStateChangedListener(e -> sink.accept(e.getNewState() == MediaState.CONNECTED
        ? new MediaEvent.LegConnected(leg)
        : new MediaEvent.LegClosed(leg, "media disconnected")));
    endpoint.addMediaFlowInStateChangedListener(e -> sink.accept(new MediaEvent.MediaReceiving(leg,
        String.valueOf(e.getMediaType()).toLowerCase(java.util.Locale.ROOT), e.getState() == MediaFlowState.FLOWING)));
  }
}
