package io.konsil.signaling.media;

/**
 * What a media server tells the room logic without being asked. Delivered through {@link MediaEvents} on the Vert.x
 * context that opened the room, in the order the server sent them.
 */
public sealed interface MediaEvent {
  String room();

  /** A candidate of the server's side of {@code leg}: forward it to the leg's browser as a {@code candidate} frame. */
  record LocalCandidate(MediaLeg leg, IceCandidate candidate) implements MediaEvent {
    @Override
    public String room() {
      return leg.room();
    }
  }

  /** The server has no more candidates for {@code leg} (end-of-candidates). */
  record LocalCandidatesComplete(MediaLeg leg) implements MediaEvent {
    @Override
    public String room() {
      return leg.room();
    }
  }

  /** ICE and DTLS completed on {@code leg}: media can flow. */
  record LegConnected(MediaLeg leg) implements MediaEvent {
    @Override
    public String room() {
      return leg.room();
    }
  }

  /** The server started or stopped receiving {@code kind} ("audio" or "video") on {@code leg}. */
  record MediaReceiving(MediaLeg leg, String kind, boolean receiving) implements MediaEvent {
    @Override
    public String room() {
      return leg.room();
    }
  }

  /** The server closed {@code leg}'s peer connection (ICE failure, DTLS alert, the browser went away). */
  record LegClosed(MediaLeg leg, String reason) implements MediaEvent {
    @Override
    public String room() {
      return leg.room();
    }
  }

  /**
   * The server lost everything it held for the room (it restarted, or the connection to it broke for longer than its
   * session timeout). Every leg of the room is gone; the room must be opened again and every participant publish and
   * subscribe again.
   */
  record RoomLost(String room, String reason) implements MediaEvent {}
}
