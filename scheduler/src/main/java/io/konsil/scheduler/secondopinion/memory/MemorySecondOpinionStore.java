package io.konsil.scheduler.secondopinion.memory;

import io.konsil.scheduler.secondopinion.SecondOpinion;
import io.konsil.scheduler.secondopinion.SecondOpinionStatus;
import io.konsil.scheduler.error.SchedulerError;
import io.konsil.scheduler.secondopinion.SecondOpinionStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public final class MemorySecondOpinionStore implements SecondOpinionStore {
  private final Map<String, SecondOpinion> requests = new ConcurrentHashMap<>();
  private final Map<String, String> byRoom = new ConcurrentHashMap<>();

  @Override
  public Future<Void> put(SecondOpinion request) {
    requests.put(request.id(), request);
    if (request.room() != null) {
      byRoom.put(request.room(), request.id());
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<SecondOpinion> get(String id) {
    return Future.succeededFuture(id == null ? null : requests.get(id));
  }

  @Override
  public Future<SecondOpinion> byRoom(String room) {
    String id = room == null ? null : byRoom.get(room);
    return Future.succeededFuture(id == null ? null : requests.get(id));
  }

  @Override
  public Future<List<SecondOpinion>> list() {
    return Future.succeededFuture(requests.values().stream()
        .sorted(Comparator.comparing(SecondOpinion::createdAt).reversed().thenComparing(SecondOpinion::id))
        .toList());
  }

  @Override
  public Future<SecondOpinion> accept(String id, String by, String byName, String room, String appointmentId,
                                      Instant start, Instant end) {
    RuntimeException[] failure = new RuntimeException[1];
    SecondOpinion accepted = requests.computeIfPresent(id, (k, r) -> {
      if (!r.status().mayMoveTo(SecondOpinionStatus.ACCEPTED)) {
        failure[0] = SchedulerError.invalidTransition("Second opinion", r.status(), SecondOpinionStatus.ACCEPTED);
        return r;
      }
      return r.accepted(by, byName, room, appointmentId, start, end);
    });
    if (accepted == null) {
      return Future.failedFuture(SchedulerError.notFound("Second opinion"));
    }
    if (failure[0] != null) {
      return Future.failedFuture(failure[0]);
    }
    byRoom.put(room, id);
    return Future.succeededFuture(accepted);
  }

  @Override
  public Future<SecondOpinion> complete(String id) {
    RuntimeException[] failure = new RuntimeException[1];
    SecondOpinion completed = requests.computeIfPresent(id, (k, r) -> {
      if (!r.status().mayMoveTo(SecondOpinionStatus.COMPLETED)) {
        failure[0] = SchedulerError.invalidTransition("Second opinion", r.status(), SecondOpinionStatus.COMPLETED);
        return r;
      }
      return r.completed();
    });
    if (completed == null) {
      return Future.failedFuture(SchedulerError.notFound("Second opinion"));
    }
    return failure[0] != null ? Future.failedFuture(failure[0]) : Future.succeededFuture(completed);
  }
}
