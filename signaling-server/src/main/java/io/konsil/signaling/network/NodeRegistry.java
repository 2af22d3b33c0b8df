package io.konsil.signaling.network;

import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The nodes of a network: each announces itself with a heartbeat that lapses when it dies, and records which rooms
 * it has people in, so a survivor can take care of them (mark them reconnecting, so they can resume elsewhere).
 */
public interface NodeRegistry {

  /** This process's name in the network (unique per start); every connection name begins with it and a slash. */
  String instance();

  /** Whether rooms are shared with other nodes (false for an embedded, single node). */
  boolean shared();

  /**
   * Starts the heartbeat and the watch; {@code lost} is called on the caller's context, on exactly one surviving
   * node, once for each instance whose heartbeat lapsed. {@code takenForDead} is called when this node finds that
   * the others had given it up (it was too slow to beat, not dead): its people were marked reconnecting and must be
   * reclaimed.
   */
  Future<Void> start(Consumer<String> lost, Runnable takenForDead);

  /** Records whether this node has people in {@code roomKey}. */
  Future<Void> holding(String roomKey, boolean holds);

  /** The rooms {@code instance} had people in when it was lost. */
  Future<Set<String>> roomsOf(String instance);

  /** Forgets a lost instance once its rooms are taken care of. */
  Future<Void> forget(String instance);

  /** The live nodes, for clients that fail over by themselves. */
  Future<List<NodeInfo>> nodes();

  /** Stops the heartbeat and leaves the network cleanly. */
  Future<Void> stop();
}
