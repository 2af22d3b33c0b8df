package io.konsil.common.presence;

import io.vertx.core.Future;
import java.util.Map;

/**
 * The port between signaling (which knows who is in which room) and the scheduler (whose agenda and appointment
 * status follow real presence). Signaling implements it; the node wires it into the scheduler.
 */
public interface Presence {

  /** Current presence of each user id in {@code room}; users never seen are absent from the map. */
  Future<Map<String, PresenceState>> inRoom(String room);

  /**
   * Registers a listener told of every change once, on the node that made it — for effects that must happen once,
   * e.g. marking an appointment arrived or in progress.
   */
  void onChange(Listener listener);

  /**
   * Registers a listener told of every change on every node of the network — for what each node shows its own
   * clients, e.g. a clinician's agenda pushed to the browser. On a single node, the same as {@link #onChange}.
   */
  default void watch(Listener listener) {
    onChange(listener);
  }

  @FunctionalInterface
  interface Listener {
    void changed(String room, String userId, PresenceState state);
  }

  /** No signaling attached: nobody is anywhere. */
  static Presence none() {
    return new Presence() {
      @Override
      public Future<Map<String, PresenceState>> inRoom(String room) {
        return Future.succeededFuture(Map.of());
      }

      @Override
      public void onChange(Listener listener) {}
    };
  }
}
