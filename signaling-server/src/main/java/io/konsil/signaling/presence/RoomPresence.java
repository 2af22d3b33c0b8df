package io.konsil.signaling.presence;

import io.konsil.common.presence.Presence;
import io.konsil.common.presence.PresenceState;
import io.konsil.signaling.room.Member;
import io.konsil.signaling.room.RoomState;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence as the rooms' state says it, per room (case-insensitive, as room names are) and user id: in the lobby,
 * in the call, reconnecting, or left (users seen in the room but no longer in it). Reads go to the room store, so on a
 * network they are network-wide. Listeners are told of each change once, by the node that made it, on that node's
 * switchboard context; they must not block.
 */
public final class RoomPresence implements Presence {
  private static final Logger LOG = LoggerFactory.getLogger(RoomPresence.class);

  /** How changes made here reach the other nodes' watchers (a no-op on a single node). */
  public interface Feed {
    void publish(String room, String userId, PresenceState state);
  }

  private final Function<String, Future<RoomState>> rooms;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final List<Listener> watchers = new CopyOnWriteArrayList<>();
  private volatile Feed feed = (room, user, state) -> { };
  private volatile boolean networked;

  /** {@code rooms} loads a room's state by name. */
  public RoomPresence(Function<String, Future<RoomState>> rooms) {
    this.rooms = rooms;
  }

  /**
   * On a network: changes made here are also sent through {@code feed}, and {@link #heard} takes those of the other
   * nodes (and this node's own, which the feed echoes) to the watchers.
   */
  public void feed(Feed feed) {
    this.feed = feed;
  }

  /** A change announced on the network's feed: for the watchers of this node. */
  public void heard(String room, String userId, PresenceState state) {
    tell(watchers, room, userId, state);
  }

  /** On a network, watchers hear changes through the feed (their own node's included), never twice. */
  public void networked(boolean networked) {
    this.networked = networked;
  }

  @Override
  public Future<Map<String, PresenceState>> inRoom(String room) {
    return rooms.apply(room).map(RoomPresence::of);
  }

  @Override
  public void onChange(Listener listener) {
    listeners.add(listener);
  }

  @Override
  public void watch(Listener listener) {
    watchers.add(listener);
  }

  /** Each user's presence in {@code state}; a user with several sessions shows the most present one. */
  public static Map<String, PresenceState> of(RoomState state) {
    Map<String, PresenceState> users = new HashMap<>();
    if (state == null) {
      return users;
    }
    for (String user : state.seen()) {
      users.put(user, PresenceState.LEFT);
    }
    for (Member m : state.members()) {
      PresenceState s = m.presence();
      PresenceState best = users.get(m.userId());
      if (best == null || rank(s) > rank(best)) {
        users.put(m.userId(), s);
      }
    }
    return users;
  }

  /** Tells listeners what changed between two states of one room. */
  public void changed(RoomState before, RoomState after) {
    Map<String, PresenceState> was = of(before);
    Map<String, PresenceState> now = of(after);
    Set<String> users = new LinkedHashSet<>(was.keySet());
    users.addAll(now.keySet());
    for (String user : users) {
      PresenceState a = was.get(user);
      PresenceState b = now.getOrDefault(user, a == null ? null : PresenceState.LEFT);
      if (b != null && a != b) {
        tell(listeners, after.key(), user, b);
        if (networked) {
          feed.publish(after.key(), user, b);
        } else {
          tell(watchers, after.key(), user, b);
        }
      }
    }
  }

  private static void tell(List<Listener> to, String room, String user, PresenceState state) {
    for (Listener l : to) {
      try {
        l.changed(room, user, state);
      } catch (RuntimeException e) {
        LOG.warn("presence listener failed: {}", e.toString());
      }
    }
  }

  private static int rank(PresenceState s) {
    return switch (s) {
      case IN_CALL -> 4;
      case IN_LOBBY -> 3;
      case RECONNECTING -> 2;
      default -> 1;
    };
  }
}
