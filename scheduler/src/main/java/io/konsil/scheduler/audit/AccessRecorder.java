package io.konsil.scheduler.audit;

import io.konsil.common.audit.Actor;
import io.konsil.common.audit.AuditAction;
import io.konsil.common.audit.AuditEvent;
import io.konsil.common.audit.AuditTrail;
import io.konsil.common.audit.Basis;
import io.konsil.common.audit.Door;
import io.konsil.common.token.Caller;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes who reached which patient's data to the audit trail before the data leaves the node. Fail closed: when the
 * trail cannot be written the request fails (503 {@code store-unavailable}) instead of answering with unlogged data;
 * a change already made stays made (the answer says it may have happened, as any 503 of this API does).
 */
public final class AccessRecorder {
  private final AuditTrail trail;
  private final Door door;

  /** Records what comes through {@code door} (the REST API, or the FHIR facade over the same services). */
  public AccessRecorder(AuditTrail trail, Door door) {
    this.trail = trail;
    this.door = door;
  }

  /** The same trail, for accesses through another door. */
  public AccessRecorder through(Door other) {
    return new AccessRecorder(trail, other);
  }

  public AuditTrail trail() {
    return trail;
  }

  /** {@code result}, once the accesses it reached are in the trail. */
  public <T> Future<T> after(Future<T> result, Caller caller, AuditAction action, Function<T, List<Access>> reached) {
    return result.compose(value -> record(caller, action, reached.apply(value)).map(value));
  }

  /** One entry per patient (the first basis found for them); accesses to no patient are not entries. */
  public Future<Void> record(Caller caller, AuditAction action, List<Access> reached) {
    return record(caller, action, reached, null);
  }

  /**
   * As {@link #record(Caller, AuditAction, List)}, but an access that reached no patient is still one entry, without
   * a patient and with basis {@code whenNone} (opening an agenda stream on an empty day is an access all the same).
   */
  public Future<Void> record(Caller caller, AuditAction action, List<Access> reached, Basis whenNone) {
    Map<String, Access> perPatient = new LinkedHashMap<>();
    for (Access a : reached) {
      if (a.patientId() != null) {
        perPatient.putIfAbsent(a.patientId(), a);
      }
    }
    Actor actor = Actor.of(caller);
    if (perPatient.isEmpty()) {
      return whenNone != null ? trail.append(new AuditEvent(actor, null, action, whenNone, door))
          : Future.succeededFuture();
    }
    List<AuditEvent> events = new ArrayList<>();
    perPatient.values().forEach(a -> events.add(new AuditEvent(actor, a.patientId(), action, a.basis(), door)));
    return trail.append(events);
  }
}
