package io.konsil.signaling.media;

/**
 * One WebRTC peer connection between a browser and the media server. A participant has at most one
 * {@link Publication} (its camera and microphone going up) and one {@link Subscription} per other publisher (a feed
 * coming down). Room logic addresses candidates, answers and events by leg.
 */
public sealed interface MediaLeg {
  String room();

  /** The participant whose browser holds this peer connection. */
  String participant();

  /** The publisher whose media flows on this leg (the participant itself for a publication). */
  String feed();

  /** {@code publisher}'s own media, sent by its browser to the server. */
  record Publication(String room, String publisher) implements MediaLeg {
    @Override
    public String participant() {
      return publisher;
    }

    @Override
    public String feed() {
      return publisher;
    }
  }

  /** {@code publisher}'s feed, sent by the server to {@code subscriber}'s browser. */
  record Subscription(String room, String subscriber, String publisher) implements MediaLeg {
    @Override
    public String participant() {
      return subscriber;
    }

    @Override
    public String feed() {
      return publisher;
    }
  }
}
