package io.konsil.signaling.room;

import io.vertx.core.Future;

/**
 * Where rooms' state lives: in this node's memory (one node) or in Redis (a network of nodes). Changes are optimistic:
 * a node reads a room, applies a rule, and commits the result only if nobody committed in between.
 */
public interface RoomStore {

  /** The room's state, or null when it never existed (or has expired). */
  Future<RoomState> load(String roomKey);

  /**
   * Stores {@code event.state()} if the stored version is still {@code expectedVersion} (0 for a room never stored),
   * and in the same atomic step hands the event to every node subscribed to the room on the {@link RoomBus}, so
   * every node sees a room's events in commit order. Completes with false when another change came first.
   */
  Future<Boolean> commit(long expectedVersion, RoomEvent event);
}
