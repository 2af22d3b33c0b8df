package io.konsil.scheduler.audit;

import io.konsil.common.audit.Actor;
import io.konsil.common.audit.AuditAction;
import io.konsil.common.audit.AuditEvent;
import io.konsil.common.audit.AuditTrail;
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

  public AccessRecorder(AuditTrail trail) {
    this.trail = trail;
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
    Map<String, Access> perPatient = new LinkedHashMap<>();
    for (Access a : reached) {
      if (a.patientId() != null) {
        perPatient.putIfAbsent(a.patientId(), a);
      }
    }
    if (perPatient.isEmpty()) {
      return Future.succeededFuture();
    }
    Actor actor = Actor.of(caller);
    List<AuditEvent> events = new ArrayList<>();
    perPatient.values().forEach(a -> events.add(new AuditEvent(actor, a.patientId(), action, a.basis())));
    return trail.append(events);
  }
}
