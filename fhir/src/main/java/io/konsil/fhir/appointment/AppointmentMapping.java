package io.konsil.fhir.appointment;

import io.konsil.fhir.vocabulary.FhirTime;
import io.konsil.fhir.directory.DirectoryMapping;
import io.konsil.fhir.slot.SlotMapping;
import io.konsil.fhir.vocabulary.Konsil;
import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.booking.SlotMode;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.Specialty;
import java.util.List;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Appointment.ParticipantRequired;
import org.hl7.fhir.r4.model.Appointment.ParticipationStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.UrlType;

/**
 * Appointments as FHIR. The status table (docs/fhir.md): booked → booked, arrived → arrived, in-progress → arrived
 * (FHIR R4 has no in-progress; the patient has arrived and is in the call), fulfilled → fulfilled, cancelled →
 * cancelled, no-show → noshow. A hold is a {@code pending} Appointment with the id {@code hold-SLOTID}.
 */
public final class AppointmentMapping {
  public static final String HOLD_PREFIX = "hold-";

  private AppointmentMapping() {}

  public static AppointmentStatus status(io.konsil.scheduler.booking.AppointmentStatus status) {
    return switch (status) {
      case BOOKED -> AppointmentStatus.BOOKED;
      case ARRIVED, IN_PROGRESS -> AppointmentStatus.ARRIVED;
      case FULFILLED -> AppointmentStatus.FULFILLED;
      case CANCELLED -> AppointmentStatus.CANCELLED;
      case NO_SHOW -> AppointmentStatus.NOSHOW;
    };
  }

  /** The version a client sees: the slot's fencing token and the status, so that a cancel is a new version. */
  public static String versionId(io.konsil.scheduler.booking.Appointment a) {
    return a.version() + "-" + a.status().ordinal();
  }

  public static Appointment appointment(io.konsil.scheduler.booking.Appointment a, Clinician clinician,
                                        List<Specialty> specialties, String publicUrl) {
    Appointment r = new Appointment();
    r.setId(a.id());
    r.getMeta().setVersionId(versionId(a));
    r.setStatus(status(a.status()));
    r.addServiceCategory(new CodeableConcept(new Coding(Konsil.APPOINTMENT_KIND, a.kind().wire(), null)));
    r.addServiceType(DirectoryMapping.specialty(a.specialty(), specialties));
    r.setStartElement(FhirTime.instant(a.start()));
    r.setEndElement(FhirTime.instant(a.end()));
    r.setCreatedElement(FhirTime.dateTime(a.createdAt()));
    r.addSlot(new Reference("Slot/" + a.slotId()));
    if (a.referralId() != null) {
      r.addBasedOn(new Reference("ServiceRequest/" + a.referralId()));
    }
    if (a.patientId() != null) {
      r.addParticipant().setActor(patient(a.patientId(), a.patientName()))
          .setRequired(ParticipantRequired.REQUIRED).setStatus(ParticipationStatus.ACCEPTED);
    }
    r.addParticipant().setActor(new Reference("Practitioner/" + a.clinicianId())
            .setDisplay(clinician == null ? null : clinician.name()))
        .setRequired(ParticipantRequired.REQUIRED).setStatus(ParticipationStatus.ACCEPTED);
    r.addExtension(SlotMapping.mode(a.mode()));
    if (a.mode() == SlotMode.VIDEO) {
      r.addExtension(virtualService(a, publicUrl));
    }
    return r;
  }

  /**
   * Where the video call is: R5's Appointment.virtualService in an R4 extension. The call page needs a room token,
   * which each party gets from the join endpoint (inside the join window); the URL alone admits nobody.
   */
  static Extension virtualService(io.konsil.scheduler.booking.Appointment a, String publicUrl) {
    Extension ext = new Extension(Konsil.EXT_VIRTUAL_SERVICE);
    ext.addExtension("channelType", new Coding(Konsil.VIRTUAL_SERVICE_TYPE, "konsil", "Konsil video consultation"));
    ext.addExtension("addressUrl", new UrlType(publicUrl + "/" + a.room()));
    ext.addExtension("joinEndpoint", new UrlType(publicUrl + "/api/v1/appointments/" + a.id() + "/join"));
    return ext;
  }

  /** A hold as a pending Appointment of the holder. */
  public static Appointment pending(Slot slot, String holdId, Reference holder, List<Specialty> specialties,
                                    Clinician clinician) {
    Appointment r = new Appointment();
    r.setId(HOLD_PREFIX + slot.id());
    r.getMeta().setVersionId(String.valueOf(slot.version()));
    r.setStatus(AppointmentStatus.PENDING);
    r.addIdentifier(new Identifier().setSystem(Konsil.HOLD_ID).setValue(holdId));
    r.addServiceType(DirectoryMapping.specialty(slot.specialty(), specialties));
    r.setStartElement(FhirTime.instant(slot.start()));
    r.setEndElement(FhirTime.instant(slot.end()));
    r.addSlot(new Reference("Slot/" + slot.id()));
    r.addParticipant().setActor(holder)
        .setRequired(ParticipantRequired.REQUIRED).setStatus(ParticipationStatus.ACCEPTED);
    r.addParticipant().setActor(new Reference("Practitioner/" + slot.clinicianId())
            .setDisplay(clinician == null ? null : clinician.name()))
        .setRequired(ParticipantRequired.REQUIRED).setStatus(ParticipationStatus.NEEDSACTION);
    r.addExtension(SlotMapping.mode(slot.mode()));
    return r;
  }

  public static Reference patient(String id, String name) {
    return new Reference("Patient/" + id).setDisplay(name)
        .setIdentifier(new Identifier().setSystem(Konsil.USER_ID).setValue(id));
  }
}
