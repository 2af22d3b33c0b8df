package io.konsil.signaling.room;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** How room logic reaches one client, without knowing it is a WebSocket. Both methods may be called from any thread. */
public interface Endpoint {

  void send(JsonObject frame);

  /** Closes the connection with a close code from {@link io.konsil.signaling.protocol.CloseCodes}. */
  Future<Void> close(short code, String reason);
}
