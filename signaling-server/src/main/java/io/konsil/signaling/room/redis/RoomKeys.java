package io.konsil.signaling.room.redis;

/**
 * Redis names of a room. Every key and the channel of one room share the hash tag {@code {room:KEY}}, so the commit
 * function (state + publish) touches one hash slot and works unchanged on Redis Cluster. Schema in docs/operations.md.
 */
final class RoomKeys {
  private RoomKeys() {}

  /** Hash {@code v} (version), {@code s} (state JSON). */
  static String state(String roomKey) {
    return "konsil:{room:" + roomKey + "}:state";
  }

  /** Sharded pub/sub channel of the room's events and relayed frames. */
  static String channel(String roomKey) {
    return "konsil:{room:" + roomKey + "}:bus";
  }
}
