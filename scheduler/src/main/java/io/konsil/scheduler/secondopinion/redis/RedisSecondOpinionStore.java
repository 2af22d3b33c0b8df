package io.konsil.scheduler.secondopinion.redis;

import io.konsil.common.redis.RedisGateway;
import io.konsil.scheduler.error.SchedulerError;
import io.konsil.scheduler.redis.Records;
import io.konsil.scheduler.secondopinion.SecondOpinion;
import io.konsil.scheduler.secondopinion.SecondOpinionStatus;
import io.konsil.scheduler.secondopinion.SecondOpinionStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Second opinions in Redis: each is one JSON string {@code konsil:second-opinion:ID}; accepting and completing are
 * compare-and-set ({@link Records}), so of two specialists accepting at once exactly one wins. The list is a sorted
 * set by creation time; the room a second opinion owns is found through {@code konsil:room:ROOM:second-opinion},
 * written before the record gets its room and believed only when the record names that room.
 */
public final class RedisSecondOpinionStore implements SecondOpinionStore {
  private static final String ALL = "konsil:second-opinions";

  private final RedisGateway gateway;
  private final Records records;

  public RedisSecondOpinionStore(RedisGateway gateway) {
    this.gateway = gateway;
    this.records = new Records(gateway);
  }

  static String record(String id) {
    return "konsil:second-opinion:" + id;
  }

  static String roomKey(String room) {
    return "konsil:room:" + room + ":second-opinion";
  }

  @Override
  public Future<Void> put(SecondOpinion so) {
    Future<?> room = so.room() == null ? Future.succeededFuture() : gateway.call(c -> c.set(roomKey(so.room()), so.id()));
    return room.compose(v -> gateway.call(c -> c.zadd(ALL, so.createdAt().toEpochMilli(), so.id())))
        .compose(v -> records.put(record(so.id()), SecondOpinionJson.encode(so)));
  }

  @Override
  public Future<SecondOpinion> get(String id) {
    if (id == null) {
      return Future.succeededFuture();
    }
    return records.get(record(id)).map(json -> json == null ? null : SecondOpinionJson.decode(json));
  }

  @Override
  public Future<SecondOpinion> byRoom(String room) {
    if (room == null) {
      return Future.succeededFuture();
    }
    return gateway.call(c -> c.get(roomKey(room))).compose(this::get)
        .map(so -> so != null && room.equals(so.room()) ? so : null);
  }

  @Override
  public Future<List<SecondOpinion>> list() {
    return gateway.call(c -> c.zrange(ALL, 0, -1)).compose(ids -> {
      List<Future<SecondOpinion>> loaded = ids.stream().map(this::get).toList();
      return Future.all(loaded).map(all -> loaded.stream().map(Future::result).filter(Objects::nonNull)
          .sorted(Comparator.comparing(SecondOpinion::createdAt).reversed().thenComparing(SecondOpinion::id))
          .toList());
    });
  }

  @Override
  public Future<SecondOpinion> accept(String id, String by, String byName, String room, String appointmentId,
                                      Instant start, Instant end) {
    return gateway.call(c -> c.set(roomKey(room), id))
        .compose(v -> move(id, SecondOpinionStatus.ACCEPTED, so -> so.accepted(by, byName, room, appointmentId, start,
            end)));
  }

  @Override
  public Future<SecondOpinion> complete(String id) {
    return move(id, SecondOpinionStatus.COMPLETED, SecondOpinion::completed);
  }

  private Future<SecondOpinion> move(String id, SecondOpinionStatus next, UnaryOperator<SecondOpinion> change) {
    return records.update(record(id), json -> {
      if (json == null) {
        return Future.failedFuture(SchedulerError.notFound("Second opinion"));
      }
      SecondOpinion so = SecondOpinionJson.decode(json);
      if (!so.status().mayMoveTo(next)) {
        return Future.failedFuture(SchedulerError.invalidTransition("Second opinion", so.status(), next));
      }
      return Future.succeededFuture(SecondOpinionJson.encode(change.apply(so)));
    }).map(SecondOpinionJson::decode);
  }
}
