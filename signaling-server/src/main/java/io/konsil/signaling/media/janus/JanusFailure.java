package io.konsil.signaling.media.janus;

/**
 * An error reply of the Janus core ({@code "janus":"error"}) or of the VideoRoom plugin ({@code error_code}); the
 * adapter maps it to a {@link io.konsil.signaling.media.MediaErrors} code (see {@link VideoRoomErrors}).
 */
final class JanusFailure extends RuntimeException {
  /** Janus core: the session is gone (timed out, or Janus restarted). */
  static final int NO_SUCH_SESSION = 458;
  /** Janus core: the handle is gone. */
  static final int NO_SUCH_HANDLE = 459;

  private final int code;
  private final boolean plugin;

  JanusFailure(int code, String reason, boolean plugin) {
    super(reason, null, false, false);
    this.code = code;
    this.plugin = plugin;
  }

  int code() {
    return code;
  }

  /** True for a VideoRoom {@code error_code}, false for a Janus core error. */
  boolean plugin() {
    return plugin;
  }
}
