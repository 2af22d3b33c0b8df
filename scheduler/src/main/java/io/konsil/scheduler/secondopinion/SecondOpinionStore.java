package io.konsil.scheduler.secondopinion;

import io.konsil.scheduler.secondopinion.SecondOpinion;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/** Second-opinion requests. Accepting is compare-and-set: of two specialists accepting at once, one wins. */
public interface SecondOpinionStore {

  Future<Void> put(SecondOpinion request);

  /** Null if unknown. */
  Future<SecondOpinion> get(String id);

  /** Null if no request owns the room. */
  Future<SecondOpinion> byRoom(String room);

  /** Sorted by creation, newest first. */
  Future<List<SecondOpinion>> list();

  /** open → accepted; 409 {@code invalid-transition} when it is no longer open. */
  Future<SecondOpinion> accept(String id, String by, String byName, String room, String appointmentId, Instant start,
                               Instant end);

  /** accepted → completed (compare-and-set); 409 {@code invalid-transition} from any other status, 404 if unknown. */
  Future<SecondOpinion> complete(String id);
}
