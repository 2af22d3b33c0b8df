package io.konsil.signaling.room.redis;

import io.konsil.common.redis.Library;
import io.konsil.common.redis.RedisGateway;
import io.konsil.signaling.room.RoomEvent;
import io.konsil.signaling.room.RoomState;
import io.konsil.signaling.room.RoomStore;
import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Rooms' state in Redis: one hash per room, changed only by the {@code konsil_room_commit_v1} function
 * (resources/redis/konsil_rooms_v1.lua), which compares the version, stores the state and publishes the event on
 * the room's sharded channel in one atomic step. A room's key expires {@link #IDLE_TTL} after its last change.
 */
public final class RedisRoomStore implements RoomStore {
  static final Library LIBRARY = Library.fromResource("redis/konsil_rooms_v1.lua");
  /** Long enough for any consultation; a vacant room is kept that long for presence ("left"). */
  static final Duration IDLE_TTL = Duration.ofHours(24);

  private final RedisGateway redis;

  public RedisRoomStore(RedisGateway redis) {
    this.redis = redis;
  }

  /** Loads the commit function (at start; {@link RedisGateway#fcall} also loads it where it is missing). */
  public Future<Void> start() {
    return redis.load(LIBRARY);
  }

  @Override
  public Future<RoomState> load(String roomKey) {
    return redis.call(c -> c.hget(RoomKeys.state(roomKey), "s"))
        .map(json -> json == null ? null : RoomCodec.decodeState(json));
  }

  @Override
  public Future<Boolean> commit(long expectedVersion, RoomEvent event) {
    String key = event.state().key();
    String[] keys = {RoomKeys.state(key)};
    return redis.<Long>fcall(LIBRARY, "konsil_room_commit_v1", ScriptOutputType.INTEGER, keys,
            String.valueOf(expectedVersion), String.valueOf(event.state().version()), RoomCodec.encode(event.state()),
            RoomCodec.event(event), RoomKeys.channel(key), String.valueOf(IDLE_TTL.toMillis()))
        .map(done -> done != null && done == 1L);
  }

  /** Bytes Redis uses for a room's state (MEMORY USAGE), for sizing. */
  public Future<Long> memoryUsage(String roomKey) {
    return redis.call(c -> c.memoryUsage(RoomKeys.state(roomKey)));
  }
}
