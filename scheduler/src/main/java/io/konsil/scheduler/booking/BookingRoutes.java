package io.konsil.scheduler.booking;

import static io.konsil.scheduler.http.ApiRouter.BASE;
import static io.konsil.scheduler.http.ApiRouter.json;

import io.konsil.common.audit.AuditAction;
import io.konsil.common.audit.Basis;
import io.konsil.common.error.KonsilException;
import io.konsil.common.error.Problems;
import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.scheduler.audit.Access;
import io.konsil.scheduler.audit.AccessRecorder;
import io.konsil.scheduler.booking.SlotQuery.SlotKey;
import io.konsil.scheduler.error.SchedulerError;
import io.konsil.scheduler.http.ApiRouter;
import io.konsil.scheduler.http.Input;
import io.konsil.scheduler.http.Json;
import io.konsil.scheduler.network.NetworkStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Slots, holds, appointments, join and an appointment's calendar export. */
public final class BookingRoutes implements ApiRouter.Routes {
  /** Roles that hold and book slots; interpreters and observers only ever enter rooms they are invited to. */
  private static final Role[] BOOKERS = BookingService.BOOKERS.toArray(Role[]::new);
  /** The header of an emergency (break-the-glass) read, and the form of its reason: a code, never free text. */
  public static final String EMERGENCY_HEADER = "Konsil-Emergency-Access";
  static final String EMERGENCY_REASON = "[a-z][a-z0-9-]{2,39}";
  private final BookingService booking;
  private final NetworkStore network;
  private final String publicUrl;
  private final int horizonDays;
  private final AccessRecorder audit;

  public BookingRoutes(BookingService booking, NetworkStore network, String publicUrl, int horizonDays,
                       AccessRecorder audit) {
    this.audit = audit;
    this.booking = booking;
    this.network = network;
    this.publicUrl = publicUrl;
    this.horizonDays = horizonDays;
  }

  @Override
  public void mount(Router router) {
    router.get(BASE + "/slots").handler(ctx -> json(ctx, 200, this::search));
    router.post(BASE + "/slots/:id/hold").handler(ctx -> json(ctx, 201, c ->
        booking.hold(Input.requireRole(c, BOOKERS), c.pathParam("id")).map(BookingViews::hold)));
    router.delete(BASE + "/slots/:id/hold").handler(ctx -> {
      String holdId = ctx.request().getParam("holdId");
      booking.release(Input.caller(ctx), ctx.pathParam("id"), holdId)
          .onSuccess(released -> ctx.response().setStatusCode(204).end())
          .onFailure(e -> Problems.send(ctx, e));
    });
    router.post(BASE + "/appointments").handler(this::book);
    router.get(BASE + "/appointments").handler(ctx -> json(ctx, 200, this::list));
    router.get(BASE + "/appointments/:id").handler(this::getOne);
    router.post(BASE + "/appointments/:id/cancel").handler(ctx -> json(ctx, 200, c ->
        withName(audited(Input.caller(c), AuditAction.APPOINTMENT_CANCEL,
            booking.cancel(Input.caller(c), c.pathParam("id"))))));
    router.post(BASE + "/appointments/:id/reschedule").handler(ctx -> json(ctx, 200, this::reschedule));
    router.post(BASE + "/appointments/:id/join").handler(ctx -> json(ctx, 200, c ->
        booking.join(Input.caller(c), c.pathParam("id")).compose(token -> audited(Input.caller(c),
            AuditAction.APPOINTMENT_JOIN_TOKEN, booking.visible(Input.caller(c), c.pathParam("id"))).map(token))
            .map(BookingViews::join)));
  }

  private Future<JsonObject> search(RoutingContext ctx) {
    Input in = Input.query(ctx);
    String specialty = in.string("specialty", false);
    String hospital = in.string("hospital", false);
    String region = in.string("region", false);
    SlotMode mode = in.choice("mode", false, SlotMode::fromWire, "video, in-person");
    String language = in.string("language", false);
    Instant from = in.instant("from", Json.ZONE);
    Instant to = in.instant("to", Json.ZONE);
    int limit = in.integer("limit", 20, 1, 100);
    SlotKey after = cursor(in, in.string("cursor", false, 400));
    if (from != null && to != null && !to.isAfter(from)) {
      in.problem("to", "must be after from");
    }
    in.check();
    Instant now = booking.clock().instant();
    return booking.search(new SlotQuery(specialty, hospital, region, mode, language, from, to, limit, after))
        .map(page -> {
          JsonArray items = new JsonArray();
          page.items().forEach(s -> items.add(BookingViews.slot(s, now)));
          return new JsonObject().put("items", items).put("next", page.next() == null ? null : cursor(page.next()));
        });
  }

  static String cursor(SlotKey key) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((key.startEpochSecond() + ":" + key.id()).getBytes(StandardCharsets.UTF_8));
  }

  private static SlotKey cursor(Input in, String text) {
    if (text == null) {
      return null;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return new SlotKey(Long.parseLong(decoded.substring(0, colon)), decoded.substring(colon + 1));
    } catch (RuntimeException e) {
      in.problem("cursor", "is not a cursor returned by this API");
      return null;
    }
  }

  private void book(RoutingContext ctx) {
    Caller caller = Input.caller(ctx);
    String key = ctx.request().getHeader("Idempotency-Key");
    Future<Map.Entry<Integer, JsonObject>> outcome;
    try {
      if (key == null || key.isEmpty() || key.codePointCount(0, key.length()) > 200) {
        throw SchedulerError.IDEMPOTENCY_KEY_MISSING.error("An Idempotency-Key header (1-200 characters) is required",
            List.of(new KonsilException.FieldProblem("Idempotency-Key", "is required")));
      }
      Input.requireRole(ctx, BOOKERS);
      Input in = Input.body(ctx);
      String slotId = in.string("slotId", true);
      String holdId = in.string("holdId", false);
      AppointmentKind kind = in.choice("kind", false, AppointmentKind::fromWire,
          "gp-consultation, specialist-consultation, second-opinion");
      String referralId = in.string("referralId", false);
      String patientId = in.string("patientId", false);
      String patientName = in.string("patientName", false);
      if (caller.role() == Role.PATIENT) {
        patientName = caller.name();
        if (patientId != null && !patientId.equals(caller.id())) {
          in.problem("patientId", "a patient books for themselves");
        }
        patientId = caller.id();
      } else if (patientId == null && kind != AppointmentKind.SECOND_OPINION) {
        in.problem("patientId", "is required when a clinician books for a patient");
      }
      in.check();
      BookingService.BookRequest request = new BookingService.BookRequest(slotId, holdId, kind, referralId, patientId,
          patientName);
      outcome = booking.book(caller, request, key, request.fingerprint())
          .compose(b -> audit.record(caller, b.created() ? AuditAction.APPOINTMENT_BOOK : AuditAction.APPOINTMENT_READ,
              List.of(Access.of(caller, b.appointment()))).map(b))
          .compose(b -> withName(Future.succeededFuture(b.appointment()))
          .map(json -> Map.entry(b.created() ? 201 : 200, json)));
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    outcome.onSuccess(r -> ctx.response().setStatusCode(r.getKey()).putHeader("content-type", "application/json")
        .end(r.getValue().encode())).onFailure(e -> Problems.send(ctx, e));
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    Caller caller = Input.caller(ctx);
    if (caller.role() == Role.INTERPRETER || caller.role() == Role.OBSERVER) {
      throw SchedulerError.FORBIDDEN_ROLE.error("Interpreters and observers have no appointments");
    }
    Input in = Input.query(ctx);
    Instant from = in.instant("from", Json.ZONE);
    Instant to = in.instant("to", Json.ZONE);
    boolean hospital = "hospital".equals(in.choice("scope", false, x -> x.equals("own") || x.equals("hospital") ? x
        : null, "own, hospital"));
    in.check();
    if (hospital) {
      // A hospital's list is bounded: from today (Oslo) to the end of the slot horizon unless the caller says otherwise.
      Instant since = from != null ? from
          : LocalDate.now(booking.clock().withZone(Json.ZONE)).atStartOfDay(Json.ZONE).toInstant();
      Instant until = to != null ? to : since.plus(Duration.ofDays(horizonDays + 1L));
      return network.cliniciansById().compose(names -> listed(caller, booking.ofHospital(caller, since, until))
          .map(list -> Json.items(list.stream().map(a -> BookingViews.appointment(a, names)).toList())));
    }
    return network.cliniciansById().compose(names -> listed(caller, booking.mine(caller, from, to))
        .map(list -> Json.items(list.stream().map(a -> BookingViews.appointment(a, names)).toList())));
  }

  private void getOne(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!id.endsWith(".ics")) {
      String emergency = ctx.request().getHeader(EMERGENCY_HEADER);
      if (emergency != null) {
        json(ctx, 200, this::emergencyRead);
        return;
      }
      json(ctx, 200, c -> withName(audited(Input.caller(c), AuditAction.APPOINTMENT_READ,
          booking.visible(Input.caller(c), id))));
      return;
    }
    Instant now = booking.clock().instant();
    audited(Input.caller(ctx), AuditAction.APPOINTMENT_READ,
        booking.visible(Input.caller(ctx), id.substring(0, id.length() - 4)))
        .compose(a -> network.cliniciansById().map(names -> Ics.calendar(List.of(a), names, publicUrl, now)))
        .onSuccess(ics -> Ics.send(ctx, ics))
        .onFailure(e -> Problems.send(ctx, e));
  }

  /**
   * Break-the-glass: a clinician who has no relation to the appointment reads it in an emergency, giving a reason code
   * in {@value #EMERGENCY_HEADER}; the access is in the patient's log with basis {@code emergency} and that reason.
   * Where the caller has a relation anyway, the ordinary basis is logged.
   */
  private Future<JsonObject> emergencyRead(RoutingContext ctx) {
    Caller caller = Input.requireRole(ctx, Role.GP, Role.SPECIALIST, Role.NURSE);
    String reason = ctx.request().getHeader(EMERGENCY_HEADER).strip();
    if (!reason.matches(EMERGENCY_REASON)) {
      throw SchedulerError.INVALID_QUERY.error("The emergency reason is a code",
          List.of(new KonsilException.FieldProblem(EMERGENCY_HEADER, "must match " + EMERGENCY_REASON)));
    }
    String id = ctx.pathParam("id");
    Future<Appointment> read = booking.visible(caller, id).recover(hidden -> booking.anyAppointment(id));
    return withName(audit.after(read, caller, AuditAction.APPOINTMENT_READ, a -> List.of(
        BookingService.mayView(caller, a) ? Access.of(caller, a)
            : new Access(a.patientId(), new Basis(Basis.Kind.EMERGENCY, a.id(), reason)))));
  }

  private Future<JsonObject> reschedule(RoutingContext ctx) {
    Caller caller = Input.caller(ctx);
    Input in = Input.body(ctx);
    String slotId = in.string("slotId", true);
    String holdId = in.string("holdId", false);
    in.check();
    return withName(audited(caller, AuditAction.APPOINTMENT_RESCHEDULE,
        booking.reschedule(caller, ctx.pathParam("id"), slotId, holdId)));
  }

  private Future<Appointment> audited(Caller caller, AuditAction action, Future<Appointment> appointment) {
    return audit.after(appointment, caller, action, a -> List.of(Access.of(caller, a)));
  }

  private Future<List<Appointment>> listed(Caller caller, Future<List<Appointment>> list) {
    return audit.after(list, caller, AuditAction.APPOINTMENT_LIST,
        all -> all.stream().map(a -> Access.of(caller, a)).toList());
  }

  private Future<JsonObject> withName(Future<Appointment> appointment) {
    return appointment.compose(a -> network.clinician(a.clinicianId())
        .map(c -> BookingViews.appointment(a, c == null ? Map.of() : Map.of(c.id(), c))));
  }
}
