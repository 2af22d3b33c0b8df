package io.konsil.signaling.switchboard;

import io.konsil.common.presence.Presence;
import io.konsil.common.token.Caller;
import io.konsil.signaling.protocol.ClientMessage;
import io.vertx.core.Future;

/**
 * The rooms as the transport sees them. Failures are {@link io.konsil.common.error.KonsilException}s with the codes
 * of docs/protocol.md. Implemented once ({@link Switchboard}) over the room store and bus ports, whichever store
 * holds the state.
 */
public interface Rooms {

  /**
   * Admission checks at the handshake (shutting down, connections per token, participant cap); on success the
   * connection holds a place in the room until {@link #attach} or {@link #release}.
   */
  Future<Ticket> reserve(String room, Caller caller, String tokenKey, boolean camera, boolean microphone);

  /** The upgraded connection is ready: join the room, or wait briefly for a {@code resume} frame. */
  void attach(Ticket ticket, Endpoint endpoint);

  /** The handshake did not complete (or was only a preflight): give the place back. */
  void release(Ticket ticket);

  void receive(Ticket ticket, ClientMessage message);

  /** The connection closed; {@code resumable} keeps the participant for the resume grace period. */
  void detached(Ticket ticket, boolean resumable);

  Presence presence();

  /** Tells every client the node is going away, closes them (1001) and completes once they are closed. */
  Future<Void> shutdown();
}
