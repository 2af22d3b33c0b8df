package io.konsil.signaling.room;

import io.konsil.common.presence.Presence;
import io.konsil.common.token.Caller;
import io.konsil.signaling.protocol.ClientMessage;
import io.vertx.core.Future;

/**
 * The rooms of a node as the transport sees them: the port behind which room state lives. {@link LocalRooms} keeps
 * it in memory on one Vert.x context; a Redis-backed variant for a network of nodes would implement the same port.
 * Failures are {@link io.konsil.common.error.KonsilException}s with the codes of docs/protocol.md.
 */
public interface Rooms {

  /**
   * Admission checks at the handshake (shutting down, connections per token, participant cap); on success the
   * connection holds a place in the room until {@link #attach} or {@link #release}. {@code devices} is what the client
   * said about its camera and microphone.
   */
  Future<Link> reserve(String room, Caller caller, String tokenKey, Devices devices);

  /** The upgraded connection is ready: join the room, or wait briefly for a {@code resume} frame. */
  void attach(Link link, Endpoint endpoint);

  /** The handshake did not complete (or was only a preflight): give the place back. */
  void release(Link link);

  void receive(Link link, ClientMessage message);

  /** The connection closed; {@code resumable} keeps the participant for the resume grace period. */
  void detached(Link link, boolean resumable);

  Presence presence();

  /** Tells every client the node is going away, closes them (1001) and completes once they are closed. */
  Future<Void> shutdown();
}
