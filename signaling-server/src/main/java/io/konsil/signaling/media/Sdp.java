package io.konsil.signaling.media;

import java.util.Objects;

/**
 * A session description (offer or answer, as the method that carries it says). SDP holds ICE credentials, addresses
 * and fingerprints: {@link #toString()} shows only its size so that an SDP never lands in a log by accident.
 */
public record Sdp(String text) {
  public Sdp {
    Objects.requireNonNull(text, "text");
  }

  @Override
  public String toString() {
    return "Sdp[" + text.length() + " chars]";
  }
}
