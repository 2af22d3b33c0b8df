package io.konsil.signaling.switchboard;

import io.vertx.core.Future;

/** How the switchboard reaches one client without knowing it is a WebSocket. Both methods may be called from any thread. */
public interface Endpoint {

  /** Sends one text frame (JSON). */
  void send(String frame);

  /** Closes the connection with a close code from {@link io.konsil.signaling.protocol.CloseCodes}. */
  Future<Void> close(short code, String reason);
}
