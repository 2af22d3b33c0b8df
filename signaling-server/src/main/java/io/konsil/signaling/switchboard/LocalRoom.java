package io.konsil.signaling.switchboard;

import io.konsil.common.presence.PresenceState;
import io.konsil.common.room.RoomDetails;
import io.konsil.signaling.room.Member;
import io.konsil.signaling.room.RoomState;
import io.vertx.core.Future;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A room as this node holds it while it has connections (or reconnecting people) in it: its view of the room's
 * state (the latest event received), the local connections, the queue that runs this node's changes to the room one
 * at a time, and what this node counts in its gauges.
 */
final class LocalRoom {
  final String key;
  final String name;
  final Set<String> conns = new LinkedHashSet<>();
  /** Members who dropped from this node and are reconnecting (shown in this node's gauges until they are back). */
  final Set<String> droppedHere = new HashSet<>();
  final Future<RoomDetails> details;
  RoomState view;
  /**
   * The latest version this node committed. The view lags behind it until the event comes back through the bus (in a
   * network, through Redis): a rule must not read that stale view, or a frame right after another one of the same
   * client (consent, then record) would be judged without the first.
   */
  long committed;
  private final Map<String, Member> byId = new HashMap<>();
  private final Map<String, Member> byConn = new HashMap<>();
  Future<Void> queue = Future.succeededFuture();
  int busy;
  int timers;
  boolean subscribed;
  Future<Void> subscribing;
  final Map<PresenceState, Integer> counted = new EnumMap<>(PresenceState.class);

  LocalRoom(String key, String name, Future<RoomDetails> details) {
    this.key = key;
    this.name = name;
    this.details = details;
  }

  void view(RoomState state) {
    view = state;
    byId.clear();
    byConn.clear();
    for (Member m : state.members()) {
      byId.put(m.id(), m);
      if (m.conn() != null) {
        byConn.put(m.conn(), m);
      }
    }
    droppedHere.removeIf(id -> {
      Member m = byId.get(id);
      return m == null || m.connected();
    });
  }

  Member byId(String id) {
    return byId.get(id);
  }

  Member byConn(String conn) {
    return byConn.get(conn);
  }

  boolean idle() {
    return conns.isEmpty() && busy == 0 && timers == 0 && droppedHere.isEmpty();
  }
}
