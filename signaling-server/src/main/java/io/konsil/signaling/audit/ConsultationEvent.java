package io.konsil.signaling.audit;

import io.konsil.common.audit.Actor;
import io.konsil.common.audit.AuditAction;
import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.signaling.room.Member;
import java.util.List;

/**
 * A consultation event for the audit trail, as a rule records it in its draft: who did it, to whom (a member, or
 * null), the patients in the room at that moment (whose consultation it is) and, where the action has one, a code
 * ({@code detail}: the wording version of a recording consent, why a recording stopped). The node that commits the
 * draft writes it, so each event is written once in the whole network.
 */
public record ConsultationEvent(AuditAction action, Actor actor, String subjectUserId, Role subjectRole,
                                List<String> patients, String detail) {

  /** A member as the trail names them: id, role, hospital and the HPR number their token carried. */
  public static Actor actor(Member m) {
    return new Actor(m.userId(), m.role().wire(), m.hospital(), m.hpr());
  }

  public static Actor actor(Caller c) {
    return Actor.of(c);
  }

  /**
   * Whose data the event concerns: the subject or the actor when a patient, else every patient in the room (none: a
   * meeting of clinicians only).
   */
  public List<String> concerned() {
    if (subjectRole == Role.PATIENT) {
      return List.of(subjectUserId);
    }
    if (Role.PATIENT.wire().equals(actor.role())) {
      return List.of(actor.id());
    }
    return patients;
  }
}
