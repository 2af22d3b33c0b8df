package io.konsil.signaling.room;

import io.vertx.core.Future;

/**
 * How frames reach participants on other nodes: every node with people in a room listens to the room; committed
 * events (from the {@link RoomStore}) and relayed frames arrive in the order they were sent. In memory there is
 * only this node, and delivery is a method call.
 */
public interface RoomBus {

  interface Listener {
    void event(RoomEvent event);

    /** A relayed frame for connection {@code conn} (handled only by the node that holds it). */
    void relay(String conn, String frame);
  }

  /** Starts listening to {@code roomKey}; completes once events committed from now on will arrive. */
  Future<Void> subscribe(String roomKey, Listener listener);

  Future<Void> unsubscribe(String roomKey);

  /**
   * Sends {@code frame} to connection {@code conn}, which another node holds. The hot path of a call across nodes:
   * nothing to wait for, only {@code failed} to hear of (on an arbitrary thread) when the frame could not be sent.
   */
  void relay(String roomKey, String conn, String frame, java.util.function.Consumer<Throwable> failed);

  /**
   * Registers what to do when the bus may have lost events (its connection to Redis came back): views may be stale
   * and clients may have missed frames.
   */
  void onGap(Runnable resync);
}
