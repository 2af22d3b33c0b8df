package io.konsil.signaling.room.redis;

import io.konsil.common.redis.RedisGateway;
import io.konsil.signaling.room.RoomBus;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus between nodes over Redis sharded pub/sub: one channel per room, in the room's hash slot. A relayed frame
 * costs one {@code SPUBLISH} and travels as text. After Redis comes back, Lettuce resubscribes; what was published
 * meanwhile is lost, which {@link #onGap} tells the switchboard.
 */
public final class RedisRoomBus implements RoomBus {
  private static final Logger LOG = LoggerFactory.getLogger(RedisRoomBus.class);

  private final RedisGateway redis;

  public RedisRoomBus(RedisGateway redis) {
    this.redis = redis;
  }

  @Override
  public Future<Void> subscribe(String roomKey, Listener listener) {
    return redis.channels().subscribe(RoomKeys.channel(roomKey), message -> {
      if (message.isEmpty()) {
        return;
      }
      try {
        if (message.charAt(0) == 'R') {
          int nl = message.indexOf('\n');
          listener.relay(message.substring(1, nl), message.substring(nl + 1));
        } else {
          listener.event(RoomCodec.decodeEvent(message));
        }
      } catch (RuntimeException e) {
        LOG.error("unreadable room message on room={}", roomKey, e);
      }
    });
  }

  @Override
  public Future<Void> unsubscribe(String roomKey) {
    return redis.channels().unsubscribe(RoomKeys.channel(roomKey));
  }

  @Override
  public void relay(String roomKey, String conn, String frame, java.util.function.Consumer<Throwable> failed) {
    redis.publishSharded(RoomKeys.channel(roomKey), RoomCodec.relay(conn, frame), failed);
  }

  @Override
  public void onGap(Runnable resync) {
    redis.channels().onGap(resync);
  }
}
