package io.konsil.signaling.media;

/**
 * Which simulcast layer of a publisher's video a subscriber receives. A phone on a small screen or a weak link takes
 * {@link #LOW}; the server falls back to a lower layer by itself when the chosen one stops arriving.
 */
public enum VideoLayer {
  LOW,
  MEDIUM,
  HIGH
}
