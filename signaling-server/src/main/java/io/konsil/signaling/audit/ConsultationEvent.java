package io.konsil.signaling.audit;

import io.konsil.common.audit.Actor;
import io.konsil.common.audit.AuditAction;
import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.signaling.room.Member;
import java.util.List;

/**
 * A consultation event for the audit trail, as a rule records it in its draft: who did it, to whom (a member, or
 * null), and the patients in the room at that moment (whose consultation it is). The node that commits the draft
 * writes it, so each event is written once in the whole network.
 */
public record ConsultationEvent(AuditAction action, Actor actor, String subjectUserId, Role subjectRole,
                                List<String> patients) {

  public static Actor actor(Member m) {
    return new Actor(m.userId(), m.role().wire(), m.hospital(), null);
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
