package io.konsil.scheduler.audit;

import io.konsil.common.audit.Basis;
import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.referral.Referral;
import io.konsil.scheduler.secondopinion.SecondOpinion;

/**
 * One patient's data reached in a request, and the relation that allowed it (the authorization matrix's basis, see
 * docs/security.md). The patient's own access has basis {@code self}; an admin's, {@code admin}.
 */
public record Access(String patientId, Basis basis) {

  public static Access of(Caller caller, Appointment a) {
    return new Access(a.patientId(), basis(caller, a.patientId(), a.id(), a.isParty(caller.id()),
        Basis.Kind.APPOINTMENT, Basis.Kind.HOSPITAL));
  }

  /** Everyone but an admin who sees a referral is its writer or a specialist it is addressed to. */
  public static Access of(Caller caller, Referral r) {
    return new Access(r.patientId(), basis(caller, r.patientId(), r.id(),
        caller.role() != Role.ADMIN || caller.id().equals(r.gpId()), Basis.Kind.REFERRAL, Basis.Kind.REFERRAL));
  }

  public static Access of(Caller caller, SecondOpinion so) {
    return new Access(so.patientId(), basis(caller, so.patientId(), so.id(),
        caller.role() != Role.ADMIN || so.isParty(caller.id()), Basis.Kind.SECOND_OPINION, Basis.Kind.SECOND_OPINION));
  }

  private static Basis basis(Caller caller, String patientId, String ref, boolean party, Basis.Kind relation,
                             Basis.Kind otherwise) {
    if (caller.id().equals(patientId)) {
      return Basis.of(Basis.Kind.SELF, ref);
    }
    if (party) {
      return Basis.of(relation, ref);
    }
    return Basis.of(caller.role() == Role.ADMIN ? Basis.Kind.ADMIN : otherwise, ref);
  }
}
