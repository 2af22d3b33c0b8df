package io.konsil.fhir.appointment;

import io.konsil.common.audit.AuditAction;
import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.fhir.error.FhirError;
import io.konsil.fhir.search.FhirResource;
import io.konsil.fhir.search.SearchParam;
import io.konsil.fhir.search.SearchParameters;
import io.konsil.fhir.search.SearchResult;
import io.konsil.scheduler.SchedulerFeature;
import io.konsil.scheduler.audit.Access;
import io.konsil.scheduler.audit.AccessRecorder;
import io.konsil.scheduler.booking.BookingService;
import io.konsil.scheduler.booking.BookingStore;
import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.booking.SlotStatus;
import io.konsil.scheduler.network.NetworkStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.Reference;

/**
 * Appointments, with the booking service's visibility rule ({@link BookingService#mayView}): patients their own,
 * clinicians their own and their hospital's, admins all; anything else is 404, as in /api/v1. Reads and searches are
 * in the audit trail as /api/v1's are ({@code appointment.read}, {@code appointment.list} for the page returned),
 * through the {@code fhir} door, before the resource leaves the node.
 */
public final class AppointmentResource implements FhirResource {
  private final BookingService booking;
  private final BookingStore bookings;
  private final NetworkStore network;
  private final String publicUrl;
  private final AccessRecorder audit;

  public AppointmentResource(BookingService booking, BookingStore bookings, NetworkStore network, String publicUrl,
                             AccessRecorder audit) {
    this.audit = audit;
    this.booking = booking;
    this.bookings = bookings;
    this.network = network;
    this.publicUrl = publicUrl;
  }

  @Override
  public String type() {
    return "Appointment";
  }

  @Override
  public List<SearchParam> searchParams() {
    return List.of(
        new SearchParam("patient", SearchParamType.REFERENCE, "Patient/ID (a Konsil user id)"),
        new SearchParam("practitioner", SearchParamType.REFERENCE, "Practitioner/ID"),
        new SearchParam("date", SearchParamType.DATE, "Appointment start; prefixes eq, ge, gt, le, lt; a date is a "
            + "day in Europe/Oslo"),
        new SearchParam("status", SearchParamType.TOKEN, "booked | arrived | fulfilled | cancelled | noshow"));
  }

  @Override
  public Future<Appointment> read(Caller caller, String id) {
    if (id.startsWith(AppointmentMapping.HOLD_PREFIX)) {
      return hold(caller, id.substring(AppointmentMapping.HOLD_PREFIX.length()));
    }
    return audit.after(booking.visible(caller, id), caller, AuditAction.APPOINTMENT_READ,
        a -> List.of(Access.of(caller, a))).compose(this::map);
  }

  /** The current resource for an update to compare with (the update's own entry records the access). */
  Future<Appointment> current(Caller caller, String id) {
    if (id.startsWith(AppointmentMapping.HOLD_PREFIX)) {
      return hold(caller, id.substring(AppointmentMapping.HOLD_PREFIX.length()));
    }
    return booking.visible(caller, id).compose(this::map);
  }

  AccessRecorder audit() {
    return audit;
  }

  Future<Appointment> map(io.konsil.scheduler.booking.Appointment a) {
    return network.clinician(a.clinicianId()).compose(c -> network.specialties()
        .map(s -> AppointmentMapping.appointment(a, c, s, publicUrl)));
  }

  /** The caller's own live hold on a slot, as a pending Appointment; 404 for anyone else's or a lapsed one. */
  Future<Appointment> hold(Caller caller, String slotId) {
    Instant now = booking.clock().instant();
    return bookings.slot(slotId).compose(slot -> {
      if (slot == null || slot.statusAt(now) != SlotStatus.HELD || !caller.id().equals(slot.holderId())) {
        return Future.failedFuture(FhirError.NOT_FOUND.error("Appointment/" + AppointmentMapping.HOLD_PREFIX
            + slotId + " is not known"));
      }
      return pending(caller, slot, slot.holdId());
    });
  }

  Future<Appointment> pending(Caller caller, Slot slot, String holdId) {
    Reference holder = caller.role() == Role.PATIENT ? AppointmentMapping.patient(caller.id(), caller.name())
        : new Reference("Practitioner/" + caller.id());
    return network.clinician(slot.clinicianId()).compose(c -> network.specialties()
        .map(s -> AppointmentMapping.pending(slot, holdId, holder, s, c)));
  }

  @Override
  public Future<SearchResult> search(Caller caller, SearchParameters params) {
    List<String> patients = params.anyOf("patient").stream()
        .map(v -> SearchParameters.reference("patient", v, "Patient")).toList();
    List<String> practitioners = params.anyOf("practitioner").stream()
        .map(v -> SearchParameters.reference("practitioner", v, "Practitioner")).toList();
    if (patients.size() > 1 || practitioners.size() > 1) {
      throw FhirError.INVALID_REQUEST.error("Give one patient and one practitioner at a time");
    }
    SearchParameters.Window window = params.window("date", Set.of("eq", "ge", "gt", "le", "lt"), SchedulerFeature.ZONE);
    Set<AppointmentStatus> statuses = params.anyOf("status").stream().map(v -> {
      try {
        return AppointmentStatus.fromCode(SearchParameters.token(v).code());
      } catch (Exception e) {
        throw FhirError.INVALID_REQUEST.error("Unknown appointment status '" + v + "'");
      }
    }).collect(Collectors.toSet());
    Future<List<io.konsil.scheduler.booking.Appointment>> candidates;
    if (!patients.isEmpty()) {
      candidates = bookings.appointmentsOfPatient(patients.get(0));
    } else if (!practitioners.isEmpty()) {
      candidates = bookings.appointmentsOfClinician(practitioners.get(0), window.from(), window.to());
    } else {
      candidates = booking.mine(caller, window.from(), window.to());
    }
    return candidates.compose(list -> {
      List<io.konsil.scheduler.booking.Appointment> visible = list.stream()
          .filter(a -> BookingService.mayView(caller, a))
          .filter(a -> patients.isEmpty() || patients.get(0).equals(a.patientId()))
          .filter(a -> practitioners.isEmpty() || practitioners.get(0).equals(a.clinicianId()))
          .filter(a -> window.contains(a.start()))
          .filter(a -> statuses.isEmpty() || statuses.contains(AppointmentMapping.status(a.status())))
          .sorted(Comparator.comparing(io.konsil.scheduler.booking.Appointment::start)
              .thenComparing(io.konsil.scheduler.booking.Appointment::id))
          .toList();
      List<io.konsil.scheduler.booking.Appointment> shown = SearchResult.slice(visible, params);
      return audit.record(caller, AuditAction.APPOINTMENT_LIST, shown.stream().map(a -> Access.of(caller, a)).toList())
          .compose(v -> network.cliniciansById()).compose(clinicians -> network.specialties().map(specialties ->
          SearchResult.page(visible.stream().map(a -> AppointmentMapping.appointment(a, clinicians.get(a.clinicianId()),
              specialties, publicUrl)).toList(), params)));
    });
  }
}
