package io.konsil.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.konsil.fhir.appointment.AppointmentMapping;
import io.konsil.fhir.servicerequest.ServiceRequestMapping;
import io.konsil.fhir.slot.SlotMapping;
import io.konsil.scheduler.booking.AppointmentStatus;
import io.konsil.scheduler.booking.SlotStatus;
import io.konsil.scheduler.referral.ReferralStatus;
import io.konsil.scheduler.secondopinion.SecondOpinionStatus;
import java.util.EnumMap;
import java.util.Map;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.Test;

/** The status tables of docs/fhir.md, row by row, over every Konsil status (a new status fails here until mapped). */
class MappingTablesTest {

  @Test
  void everySlotStatusMapsAsDocumented() {
    Map<SlotStatus, Slot.SlotStatus> table = new EnumMap<>(SlotStatus.class);
    table.put(SlotStatus.FREE, Slot.SlotStatus.FREE);
    table.put(SlotStatus.HELD, Slot.SlotStatus.BUSYTENTATIVE);
    table.put(SlotStatus.BOOKED, Slot.SlotStatus.BUSY);
    for (SlotStatus s : SlotStatus.values()) {
      assertEquals(table.get(s), SlotMapping.status(s), s.name());
    }
  }

  @Test
  void everyAppointmentStatusMapsAsDocumented() {
    Map<AppointmentStatus, Appointment.AppointmentStatus> table = new EnumMap<>(AppointmentStatus.class);
    table.put(AppointmentStatus.BOOKED, Appointment.AppointmentStatus.BOOKED);
    table.put(AppointmentStatus.ARRIVED, Appointment.AppointmentStatus.ARRIVED);
    table.put(AppointmentStatus.IN_PROGRESS, Appointment.AppointmentStatus.ARRIVED);
    table.put(AppointmentStatus.FULFILLED, Appointment.AppointmentStatus.FULFILLED);
    table.put(AppointmentStatus.CANCELLED, Appointment.AppointmentStatus.CANCELLED);
    table.put(AppointmentStatus.NO_SHOW, Appointment.AppointmentStatus.NOSHOW);
    for (AppointmentStatus s : AppointmentStatus.values()) {
      assertEquals(table.get(s), AppointmentMapping.status(s), s.name());
    }
  }

  @Test
  void everyReferralAndSecondOpinionStatusMapsAsDocumented() {
    Map<ReferralStatus, ServiceRequestStatus> referrals = new EnumMap<>(ReferralStatus.class);
    referrals.put(ReferralStatus.RECEIVED, ServiceRequestStatus.ACTIVE);
    referrals.put(ReferralStatus.ASSESSED, ServiceRequestStatus.ACTIVE);
    referrals.put(ReferralStatus.SCHEDULED, ServiceRequestStatus.ACTIVE);
    referrals.put(ReferralStatus.COMPLETED, ServiceRequestStatus.COMPLETED);
    referrals.put(ReferralStatus.REJECTED, ServiceRequestStatus.REVOKED);
    for (ReferralStatus s : ReferralStatus.values()) {
      assertEquals(referrals.get(s), ServiceRequestMapping.status(s), s.name());
    }
    Map<SecondOpinionStatus, ServiceRequestStatus> opinions = new EnumMap<>(SecondOpinionStatus.class);
    opinions.put(SecondOpinionStatus.OPEN, ServiceRequestStatus.ACTIVE);
    opinions.put(SecondOpinionStatus.ACCEPTED, ServiceRequestStatus.ACTIVE);
    opinions.put(SecondOpinionStatus.COMPLETED, ServiceRequestStatus.COMPLETED);
    opinions.put(SecondOpinionStatus.CANCELLED, ServiceRequestStatus.REVOKED);
    for (SecondOpinionStatus s : SecondOpinionStatus.values()) {
      assertEquals(opinions.get(s), ServiceRequestMapping.status(s), s.name());
    }
  }
}
