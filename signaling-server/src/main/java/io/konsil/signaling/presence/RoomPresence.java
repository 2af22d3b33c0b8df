package io.konsil.signaling.presence;

import io.konsil.common.presence.Presence;
import io.konsil.common.presence.PresenceState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence as signaling sees it, per room (case-insensitive, as room names are) and user id. It outlives the room:
 * after everyone has gone the users read {@code LEFT}, for the most recent {@link #REMEMBERED_ROOMS} rooms.
 * Updated on the rooms' thread only; listeners are called there and must not block.
 */
public final class RoomPresence implements Presence {
  static final int REMEMBERED_ROOMS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(RoomPresence.class);

  private final Consumer<Runnable> onRoomsThread;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, Map<String, PresenceState>> rooms = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Map<String, PresenceState>> eldest) {
      return size() > REMEMBERED_ROOMS;
    }
  };

  /** {@code onRoomsThread} runs a task where the rooms' state lives. */
  public RoomPresence(Consumer<Runnable> onRoomsThread) {
    this.onRoomsThread = onRoomsThread;
  }

  @Override
  public Future<Map<String, PresenceState>> inRoom(String room) {
    Promise<Map<String, PresenceState>> promise = Promise.promise();
    onRoomsThread.accept(() -> {
      Map<String, PresenceState> users = rooms.get(room.toLowerCase(Locale.ROOT));
      promise.complete(users == null ? Map.of() : Map.copyOf(users));
    });
    return promise.future();
  }

  @Override
  public void onChange(Listener listener) {
    listeners.add(listener);
  }

  /** Records {@code state} for the user; tells listeners only when it changed. Rooms' context only. */
  public void set(String roomKey, String userId, PresenceState state) {
    Map<String, PresenceState> users = rooms.computeIfAbsent(roomKey, k -> new HashMap<>());
    if (users.put(userId, state) == state) {
      return;
    }
    for (Listener l : listeners) {
      try {
        l.changed(roomKey, userId, state);
      } catch (RuntimeException e) {
        LOG.warn("presence listener failed: {}", e.toString());
      }
    }
  }
}
