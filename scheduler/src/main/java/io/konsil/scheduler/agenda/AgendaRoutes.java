package io.konsil.scheduler.agenda;

import io.konsil.common.audit.AuditAction;
import io.konsil.scheduler.audit.Access;
import io.konsil.scheduler.audit.AccessRecorder;

import static io.konsil.scheduler.http.ApiRouter.BASE;
import static io.konsil.scheduler.http.ApiRouter.json;

import io.konsil.common.error.Problems;
import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.scheduler.booking.BookingService;
import io.konsil.scheduler.booking.BookingViews;
import io.konsil.scheduler.booking.Ics;
import io.konsil.scheduler.http.ApiRouter;
import io.konsil.scheduler.http.Input;
import io.konsil.scheduler.http.Json;
import io.konsil.scheduler.network.NetworkStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;

/** A clinician's day with live presence, its push channel, and their calendar feed. */
public final class AgendaRoutes implements ApiRouter.Routes {
  private static final Role[] CLINICIANS = {Role.GP, Role.SPECIALIST, Role.NURSE};
  private final Agenda agenda;
  private final AgendaEvents events;
  private final BookingService booking;
  private final NetworkStore network;
  private final String publicUrl;
  private final int horizonDays;
  private final AccessRecorder audit;

  public AgendaRoutes(Agenda agenda, AgendaEvents events, BookingService booking, NetworkStore network,
                      String publicUrl, int horizonDays, AccessRecorder audit) {
    this.audit = audit;
    this.agenda = agenda;
    this.events = events;
    this.booking = booking;
    this.network = network;
    this.publicUrl = publicUrl;
    this.horizonDays = horizonDays;
  }

  /** Before the bearer check: EventSource cannot send the header, the stream checks {@code ?access_token=} itself. */
  @Override
  public void mountPublic(Router router) {
    router.get(BASE + "/agenda/events").handler(events::stream);
  }

  @Override
  public void mount(Router router) {
    router.get(BASE + "/agenda").handler(ctx -> json(ctx, 200, this::day));
    router.get(BASE + "/agenda.ics").handler(this::calendar);
  }

  private Future<JsonObject> day(RoutingContext ctx) {
    Caller caller = Input.requireRole(ctx, CLINICIANS);
    Input in = Input.query(ctx);
    LocalDate date = in.date("date", false);
    in.check();
    LocalDate day = date != null ? date : LocalDate.now(booking.clock().withZone(Json.ZONE));
    return network.cliniciansById().compose(names -> audit.after(agenda.day(caller.id(), day), caller,
            AuditAction.AGENDA_READ, all -> all.stream().map(e -> Access.of(caller, e.appointment())).toList())
        .map(list -> Json.items(list.stream()
                .map(e -> BookingViews.appointment(e.appointment(), names).put("presence", e.presence().wire()))
                .toList())
            .put("date", day.toString())));
  }

  private void calendar(RoutingContext ctx) {
    Caller caller;
    try {
      caller = Input.requireRole(ctx, CLINICIANS);
    } catch (RuntimeException e) {
      Problems.send(ctx, e);
      return;
    }
    Instant now = booking.clock().instant();
    LocalDate today = LocalDate.now(booking.clock().withZone(Json.ZONE));
    Instant from = today.minusDays(7).atStartOfDay(Json.ZONE).toInstant();
    Instant to = today.plusDays(horizonDays + 1L).atStartOfDay(Json.ZONE).toInstant();
    Caller reader = caller;
    audit.after(booking.agenda(caller, from, to), caller, AuditAction.AGENDA_READ,
            all -> all.stream().map(a -> Access.of(reader, a)).toList())
        .compose(list -> network.cliniciansById().map(names -> Ics.calendar(list, names, publicUrl, now)))
        .onSuccess(ics -> Ics.send(ctx, ics))
        .onFailure(e -> Problems.send(ctx, e));
  }
}
