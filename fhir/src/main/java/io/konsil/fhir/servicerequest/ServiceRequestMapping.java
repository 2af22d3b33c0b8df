package io.konsil.fhir.servicerequest;

import io.konsil.fhir.vocabulary.FhirTime;
import io.konsil.fhir.directory.DirectoryMapping;
import io.konsil.fhir.vocabulary.Konsil;
import io.konsil.scheduler.network.Specialty;
import io.konsil.scheduler.referral.Priority;
import io.konsil.scheduler.referral.Referral;
import io.konsil.scheduler.referral.ReferralStatus;
import io.konsil.scheduler.secondopinion.SecondOpinion;
import io.konsil.scheduler.secondopinion.SecondOpinionStatus;
import java.util.List;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestPriority;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;

/**
 * Referrals and second opinions as ServiceRequests ({@code intent} order), told apart by a category from Konsil's own
 * code system — no SNOMED CT code is invented for them. Status tables (docs/fhir.md): referral received, assessed,
 * scheduled → active; completed → completed; rejected → revoked. Second opinion open, accepted → active; completed →
 * completed; cancelled → revoked.
 */
public final class ServiceRequestMapping {
  private ServiceRequestMapping() {}

  public static ServiceRequestStatus status(ReferralStatus s) {
    return switch (s) {
      case RECEIVED, ASSESSED, SCHEDULED -> ServiceRequestStatus.ACTIVE;
      case COMPLETED -> ServiceRequestStatus.COMPLETED;
      case REJECTED -> ServiceRequestStatus.REVOKED;
    };
  }

  public static ServiceRequestStatus status(SecondOpinionStatus s) {
    return switch (s) {
      case OPEN, ACCEPTED -> ServiceRequestStatus.ACTIVE;
      case COMPLETED -> ServiceRequestStatus.COMPLETED;
      case CANCELLED -> ServiceRequestStatus.REVOKED;
    };
  }

  public static ServiceRequest referral(Referral r, List<Specialty> specialties) {
    ServiceRequest sr = base(r.id(), Konsil.CATEGORY_REFERRAL, "Referral");
    sr.setStatus(status(r.status()));
    sr.setPriority(r.priority() == Priority.URGENT ? ServiceRequestPriority.URGENT : ServiceRequestPriority.ROUTINE);
    sr.setSubject(patient(r.patientId(), r.patientName()));
    sr.setRequester(new Reference("Practitioner/" + r.gpId()).setDisplay(r.gpName()));
    sr.setPerformerType(DirectoryMapping.specialty(r.specialty(), specialties));
    if (r.hospital() != null) {
      sr.addPerformer(new Reference("Organization/" + r.hospital()));
    }
    if (r.assessedBy() != null) {
      sr.addPerformer(new Reference("Practitioner/" + r.assessedBy()));
    }
    sr.setAuthoredOnElement(FhirTime.dateTime(r.receivedAt()));
    if (r.deadline() != null) {
      // The legal deadline for the start of care: the latest the requested service may begin.
      sr.setOccurrence(new Period().setEndElement(new org.hl7.fhir.r4.model.DateTimeType(r.deadline().toString())));
    }
    if (r.clinicalQuestion() != null) {
      sr.addReasonCode(new CodeableConcept().setText(r.clinicalQuestion()));
    }
    return sr;
  }

  public static ServiceRequest secondOpinion(SecondOpinion so, List<Specialty> specialties) {
    ServiceRequest sr = base(so.id(), Konsil.CATEGORY_SECOND_OPINION, "Second opinion");
    sr.setStatus(status(so.status()));
    if (so.patientId() != null) {
      sr.setSubject(patient(so.patientId(), null));
    } else {
      // A case discussed between clinicians without naming a patient: subject is required, so it says why it is absent.
      Reference none = new Reference();
      none.addExtension(new Extension(Konsil.DATA_ABSENT_REASON, new CodeType("not-applicable")));
      sr.setSubject(none);
    }
    sr.setRequester(new Reference("Practitioner/" + so.requesterId()).setDisplay(so.requesterName()));
    sr.setPerformerType(DirectoryMapping.specialty(so.specialty(), specialties));
    if (so.acceptedBy() != null) {
      sr.addPerformer(new Reference("Practitioner/" + so.acceptedBy()).setDisplay(so.acceptedByName()));
    } else {
      so.hospitals().forEach(h -> sr.addPerformer(new Reference("Organization/" + h)));
    }
    sr.setAuthoredOnElement(FhirTime.dateTime(so.createdAt()));
    if (so.question() != null) {
      sr.addReasonCode(new CodeableConcept().setText(so.question()));
    }
    return sr;
  }

  private static ServiceRequest base(String id, String category, String display) {
    ServiceRequest sr = new ServiceRequest();
    sr.setId(id);
    sr.setIntent(ServiceRequestIntent.ORDER);
    sr.addCategory(new CodeableConcept(new Coding(Konsil.SERVICE_REQUEST_CATEGORY, category, display)));
    return sr;
  }

  private static Reference patient(String id, String name) {
    return new Reference("Patient/" + id).setDisplay(name)
        .setIdentifier(new Identifier().setSystem(Konsil.USER_ID).setValue(id));
  }
}
