package io.konsil.fhir.appointment;

import io.konsil.common.audit.AuditAction;
import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.fhir.error.FhirError;
import io.konsil.fhir.http.FhirIo;
import io.konsil.fhir.http.FhirRouter;
import io.konsil.fhir.search.SearchParameters;
import io.konsil.fhir.vocabulary.Konsil;
import io.konsil.scheduler.audit.Access;
import io.konsil.scheduler.booking.AppointmentKind;
import io.konsil.scheduler.booking.BookingService;
import io.konsil.scheduler.booking.BookingStore;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentParticipantComponent;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;

/**
 * The only writes of the facade, each through the booking service /api/v1 uses (never a second booking path):
 * create = the atomic hold ({@code pending}) or book ({@code booked}); update = cancel, and nothing else; vread of the
 * version a create's Location names. A booking and a cancel are in the audit trail as through /api/v1 ({@code
 * appointment.book}, a replay as {@code appointment.read}; {@code appointment.cancel}), a vread as a read; a hold
 * reaches no patient's data.
 */
public final class AppointmentWrites implements FhirRouter.Writes {
  private static final int MAX_KEY = 200;
  private final BookingService booking;
  private final BookingStore bookings;
  private final AppointmentResource appointments;

  public AppointmentWrites(BookingService booking, BookingStore bookings, AppointmentResource appointments) {
    this.booking = booking;
    this.bookings = bookings;
    this.appointments = appointments;
  }

  @Override
  public void mount(Router router, FhirRouter fhir) {
    String path = FhirRouter.BASE + "/Appointment";
    router.post(path).handler(ctx -> create(ctx, fhir));
    router.put(path + "/:id").handler(ctx -> fhir.answer(ctx, 200, c -> update(c, fhir.io())));
    router.get(path + "/:id/_history/:version").handler(ctx -> fhir.answer(ctx, 200, c ->
        appointments.read(FhirRouter.caller(c), c.pathParam("id")).compose(a -> a.getMeta().getVersionId()
            .equals(c.pathParam("version")) ? Future.succeededFuture(a)
            : Future.failedFuture(FhirError.NOT_FOUND.error("Only the current version of an Appointment is kept")))));
  }

  /** What a create asks for, read from the resource. */
  private record Request(String slotId, String patientId, String patientName, AppointmentStatus status,
                         AppointmentKind kind, String referralId) {}

  private void create(RoutingContext ctx, FhirRouter fhir) {
    Caller caller = FhirRouter.caller(ctx);
    Future<Appointment> outcome = fhir.io().parse(body(ctx), Appointment.class).compose(resource -> {
      if (!BookingService.BOOKERS.contains(caller.role())) {
        throw FhirError.FORBIDDEN.error("Interpreters and observers do not book");
      }
      Request request = request(resource, caller);
      if (request.status() == AppointmentStatus.PENDING) {
        return booking.hold(caller, request.slotId()).compose(hold -> bookings.slot(request.slotId())
            .compose(slot -> appointments.pending(caller, slot, hold.holdId())))
            .onSuccess(a -> ctx.response().setStatusCode(201));
      }
      String key = idempotencyKey(ctx);
      BookingService.BookRequest book = new BookingService.BookRequest(request.slotId(), null, request.kind(),
          request.referralId(), request.patientId(), request.patientName());
      return booking.book(caller, book, key, book.fingerprint()).compose(booked -> appointments.audit().record(caller,
          booked.created() ? AuditAction.APPOINTMENT_BOOK : AuditAction.APPOINTMENT_READ,
          List.of(Access.of(caller, booked.appointment()))).map(booked)).compose(booked -> {
        ctx.response().setStatusCode(booked.created() ? 201 : 200);
        return appointments.map(booked.appointment());
      });
    });
    outcome.onSuccess(a -> {
      ctx.response().putHeader("Location", FhirRouter.base(ctx) + "/Appointment/" + a.getIdElement().getIdPart()
          + "/_history/" + a.getMeta().getVersionId());
      ctx.response().putHeader("ETag", "W/\"" + a.getMeta().getVersionId() + "\"");
      fhir.io().send(ctx, ctx.response().getStatusCode(), a);
    }).onFailure(e -> fhir.io().fail(ctx, e));
  }

  private static String body(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw FhirError.INVALID_RESOURCE.error("The body must be an Appointment");
    }
    return text;
  }

  /**
   * {@code Idempotency-Key} as in /api/v1, else FHIR's conditional create header {@code If-None-Exist} (its value
   * names the request): a retry with either gives the first appointment. Without both every POST is a new booking.
   */
  private static String idempotencyKey(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null || key.isBlank()) {
      String ifNoneExist = ctx.request().getHeader("If-None-Exist");
      key = ifNoneExist == null || ifNoneExist.isBlank() ? null : "if-none-exist:" + ifNoneExist.trim();
    }
    if (key != null && key.length() > MAX_KEY) {
      throw FhirError.INVALID_REQUEST.error("Idempotency-Key and If-None-Exist are at most " + MAX_KEY + " characters");
    }
    return key != null ? key : "fhir-" + UUID.randomUUID();
  }

  /** The booking rules a resource must keep (422 when it does not). */
  private static Request request(Appointment r, Caller caller) {
    if (r.getSlot().size() != 1) {
      throw FhirError.BUSINESS_RULE.error("An Appointment is booked on exactly one slot (found " + r.getSlot().size()
          + ")");
    }
    String slotId = reference(r.getSlot().get(0), "Slot", "slot");
    if (r.getStatus() != AppointmentStatus.BOOKED && r.getStatus() != AppointmentStatus.PENDING) {
      throw FhirError.BUSINESS_RULE.error("status must be booked (book) or pending (hold), not "
          + (r.getStatus() == null ? "absent" : r.getStatus().toCode()));
    }
    List<AppointmentParticipantComponent> patients = r.getParticipant().stream()
        .filter(p -> "Patient".equals(p.getActor().getReferenceElement().getResourceType())).toList();
    if (patients.size() != 1) {
      throw FhirError.BUSINESS_RULE.error("An Appointment names exactly one Patient participant");
    }
    Reference patient = patients.get(0).getActor();
    String patientId = patient.getReferenceElement().getIdPart();
    String patientName = patient.getDisplay();
    if (caller.role() == Role.PATIENT) {
      if (!caller.id().equals(patientId)) {
        throw FhirError.BUSINESS_RULE.error("A patient books for themselves: the Patient participant must be Patient/"
            + caller.id());
      }
      patientName = caller.name();
    }
    AppointmentKind kind = null;
    for (Coding c : r.getServiceCategory().stream().flatMap(cc -> cc.getCoding().stream()).toList()) {
      if (Konsil.APPOINTMENT_KIND.equals(c.getSystem())) {
        kind = AppointmentKind.fromWire(c.getCode());
        if (kind == null) {
          throw FhirError.BUSINESS_RULE.error("Unknown appointment kind " + c.getCode());
        }
      }
    }
    String referralId = null;
    if (r.getBasedOn().size() > 1) {
      throw FhirError.BUSINESS_RULE.error("An Appointment is based on at most one referral");
    }
    if (r.getBasedOn().size() == 1) {
      referralId = reference(r.getBasedOn().get(0), "ServiceRequest", "basedOn");
    }
    return new Request(slotId, patientId, patientName, r.getStatus(), kind, referralId);
  }

  private static String reference(Reference ref, String type, String field) {
    if (!ref.hasReference()) {
      throw FhirError.BUSINESS_RULE.error(field + " must reference a " + type);
    }
    try {
      return SearchParameters.reference(field, ref.getReference(), type);
    } catch (RuntimeException e) {
      throw FhirError.BUSINESS_RULE.error(field + " must reference a " + type);
    }
  }

  /** Only status → cancelled (with an optional cancelationReason) is an update Konsil can carry out: the cancel. */
  private Future<Appointment> update(RoutingContext ctx, FhirIo io) {
    Caller caller = FhirRouter.caller(ctx);
    String id = ctx.pathParam("id");
    return io.parse(body(ctx), Appointment.class).compose(submitted -> {
      if (submitted.hasIdElement() && submitted.getIdElement().hasIdPart()
          && !id.equals(submitted.getIdElement().getIdPart())) {
        throw FhirError.INVALID_RESOURCE.error("The body's id " + submitted.getIdElement().getIdPart()
            + " is not the id in the URL");
      }
      return appointments.current(caller, id).compose(current -> unchangedButStatus(io, current, submitted)
          .compose(v -> cancel(caller, id, current, submitted)));
    });
  }

  private Future<Appointment> cancel(Caller caller, String id, Appointment current, Appointment submitted) {
    if (submitted.getStatus() != AppointmentStatus.CANCELLED) {
      throw FhirError.BUSINESS_RULE.error("An update may only change status to cancelled");
    }
    Future<Appointment> cancelled;
    if (current.getStatus() == AppointmentStatus.CANCELLED) {
      cancelled = Future.succeededFuture(current);
    } else if (id.startsWith(AppointmentMapping.HOLD_PREFIX)) {
      String slotId = id.substring(AppointmentMapping.HOLD_PREFIX.length());
      String holdId = current.getIdentifierFirstRep().getValue();
      cancelled = booking.release(caller, slotId, holdId).map(released -> {
        current.setStatus(AppointmentStatus.CANCELLED);
        return current;
      });
    } else {
      cancelled = appointments.audit().after(booking.cancel(caller, id), caller, AuditAction.APPOINTMENT_CANCEL,
          a -> List.of(Access.of(caller, a))).compose(appointments::map);
    }
    return cancelled.map(a -> {
      if (submitted.hasCancelationReason()) {
        a.setCancelationReason(submitted.getCancelationReason());
      }
      return a;
    });
  }

  /**
   * 422 unless the submitted resource is the current one with only status and cancelationReason changed; both are
   * compared as they travel (serialised and read back), so what a client read and sends back unchanged is equal.
   */
  private static Future<Void> unchangedButStatus(FhirIo io, Appointment current, Appointment submitted) {
    return io.roundTrip(current, Appointment.class).map(expected -> {
      Appointment given = submitted.copy();
      for (Appointment a : List.of(expected, given)) {
        a.setStatus(null);
        a.setCancelationReason(null);
        a.setMeta(null);
        a.setText(null);
        a.setIdElement(null);
      }
      if (!expected.equalsDeep(given)) {
        throw FhirError.BUSINESS_RULE.error("An update may only change status to cancelled (and give a "
            + "cancelationReason); read the Appointment and send it back with only those changed");
      }
      return null;
    });
  }
}
