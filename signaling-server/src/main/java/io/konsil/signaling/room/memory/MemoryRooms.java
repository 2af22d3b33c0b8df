package io.konsil.signaling.room.memory;

import io.konsil.signaling.room.RoomBus;
import io.konsil.signaling.room.RoomEvent;
import io.konsil.signaling.room.RoomState;
import io.konsil.signaling.room.RoomStore;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rooms of a single node, in memory: the store and the bus in one, because on one node committing an event and
 * delivering it are the same method call. Vacant rooms are remembered (for presence: who has left) for the
 * {@value #REMEMBERED_ROOMS} most recent rooms. Called on the switchboard's context only.
 */
public final class MemoryRooms implements RoomStore, RoomBus {
  static final int REMEMBERED_ROOMS = 10_000;

  private final Map<String, RoomState> states = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, RoomState> eldest) {
      return size() > REMEMBERED_ROOMS && eldest.getValue().isVacant();
    }
  };
  private final Map<String, Listener> listeners = new HashMap<>();

  @Override
  public Future<RoomState> load(String roomKey) {
    return Future.succeededFuture(states.get(roomKey));
  }

  @Override
  public Future<Boolean> commit(long expectedVersion, RoomEvent event) {
    RoomState current = states.get(event.state().key());
    long version = current == null ? 0 : current.version();
    if (version != expectedVersion) {
      return Future.succeededFuture(false);
    }
    states.put(event.state().key(), event.state());
    Listener listener = listeners.get(event.state().key());
    if (listener != null) {
      listener.event(event);
    }
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Void> subscribe(String roomKey, Listener listener) {
    listeners.put(roomKey, listener);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> unsubscribe(String roomKey) {
    listeners.remove(roomKey);
    return Future.succeededFuture();
  }

  @Override
  public void relay(String roomKey, String conn, String frame, java.util.function.Consumer<Throwable> failed) {
    Listener listener = listeners.get(roomKey);
    if (listener != null) {
      listener.relay(conn, frame);
    }
  }

  @Override
  public void onGap(Runnable resync) {
    // Nothing is ever lost between a method call and itself.
  }
}
