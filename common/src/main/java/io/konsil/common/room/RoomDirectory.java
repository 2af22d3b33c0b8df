package io.konsil.common.room;

import io.vertx.core.Future;

/**
 * The port through which signaling learns which consultation a room belongs to (the scheduler knows; signaling
 * does not depend on it). The node wires the scheduler's implementation; without a scheduler, rooms are ad hoc.
 */
public interface RoomDirectory {

  /** The consultation owning {@code room}, or null when the room is ad hoc or unknown. */
  Future<RoomDetails> details(String room);

  static RoomDirectory none() {
    return room -> Future.succeededFuture(null);
  }
}
