package io.konsil.signaling.media;

import java.util.Objects;

/**
 * One trickled ICE candidate, as a browser's {@code RTCIceCandidate} carries it ({@code candidate}, {@code sdpMid},
 * {@code sdpMLineIndex}). Candidates name network addresses, so {@link #toString()} leaves the candidate line out.
 *
 * @param mLineIndex the m-line index, or -1 when only {@code sdpMid} is known
 */
public record IceCandidate(String candidate, String sdpMid, int mLineIndex) {
  public IceCandidate {
    Objects.requireNonNull(candidate, "candidate");
  }

  @Override
  public String toString() {
    return "IceCandidate[mid=" + sdpMid + ", mLineIndex=" + mLineIndex + "]";
  }
}
