package io.konsil.scheduler;

import io.konsil.common.presence.Presence;
import io.konsil.common.presence.PresenceState;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double of signaling's side of the Presence port (another module's implementation): tests move users
 * between presence states and the scheduler's listener is told, as signaling would tell it.
 */
public final class ScriptedPresence implements Presence {
  private final Map<String, Map<String, PresenceState>> rooms = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  public void move(String room, String userId, PresenceState state) {
    rooms.computeIfAbsent(room, r -> new ConcurrentHashMap<>()).put(userId, state);
    listeners.forEach(l -> l.changed(room, userId, state));
  }

  @Override
  public Future<Map<String, PresenceState>> inRoom(String room) {
    return Future.succeededFuture(Map.copyOf(rooms.getOrDefault(room, Map.of())));
  }

  @Override
  public void onChange(Listener listener) {
    listeners.add(listener);
  }
}
