package io.konsil.scheduler.agenda;

import io.konsil.common.audit.AuditAction;
import io.konsil.common.audit.Basis;
import io.konsil.common.error.Problems;
import io.konsil.common.presence.Presence;
import io.konsil.common.presence.PresenceState;
import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.common.token.TokenVerifier;
import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.BookingStore;
import io.konsil.scheduler.audit.Access;
import io.konsil.scheduler.audit.AccessRecorder;
import io.konsil.scheduler.error.SchedulerError;
import io.konsil.scheduler.http.Json;
import io.vertx.core.Future;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/agenda/events?access_token=JWT}: a clinician's agenda learns of a knock the moment signaling
 * reports it, as Server-Sent Events, instead of polling. The token is in the query because a browser's EventSource
 * cannot send headers; every logged URI goes through Redaction, which blanks {@code access_token}.
 *
 * <p>Each patient presence change in a room that belongs to an appointment becomes one {@code presence} event to the
 * appointment's clinician: {@code {appointmentId, presence, since}} with the agenda's live status and, while the
 * patient waits, since when (so the agenda can show minutes waited). A new stream starts with the patients waiting
 * right now. Comments every {@link #HEARTBEAT} keep proxies from closing an idle stream. Like a signaling
 * connection, the stream is authorised when it opens; a browser that reconnects presents its token again.
 *
 * <p>Audited ({@code agenda.stream}, docs/security.md): opening the stream is one entry per patient whose presence it
 * can show from the start — the patients of the clinician's appointments today (Europe/Oslo) and those waiting now —
 * or one entry without a patient when there are none; a patient whose presence it shows later for the first time
 * (booked after it opened, or on another day) gets an entry before that event is sent. Fail closed: a stream whose
 * entries cannot be written does not open (503), an event whose entry cannot be written is not sent.
 */
public final class AgendaEvents implements Presence.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(AgendaEvents.class);
  static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final Set<Role> CLINICIANS = EnumSet.of(Role.GP, Role.SPECIALIST, Role.NURSE);

  private final Vertx vertx;
  private final TokenVerifier verifier;
  private final BookingStore bookings;
  private final Clock clock;
  private final AccessRecorder audit;
  private final Map<String, Set<Subscriber>> byClinician = new ConcurrentHashMap<>();
  /** Patients waiting in a lobby now, by appointment id (this node's view of the knocks it was told about). */
  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  private record Waiting(String clinicianId, Instant since, Access access) {}

  public AgendaEvents(Vertx vertx, TokenVerifier verifier, BookingStore bookings, Clock clock, AccessRecorder audit) {
    this.vertx = vertx;
    this.audit = audit;
    this.verifier = verifier;
    this.bookings = bookings;
    this.clock = clock;
  }

  // ---- presence in

  @Override
  public void changed(String room, String userId, PresenceState state) {
    Instant at = clock.instant();
    bookings.appointmentByRoom(room).onSuccess(a -> {
      if (a == null || !isPatient(a, userId)) {
        return;
      }
      Instant since = null;
      if (state == PresenceState.IN_LOBBY) {
        since = waiting.computeIfAbsent(a.id(), id -> new Waiting(a.clinicianId(), at, clinicianAccess(a))).since();
      } else {
        waiting.remove(a.id());
      }
      publish(a.clinicianId(), clinicianAccess(a), event(a.id(), LiveStatus.of(a.status(), state), since));
    }).onFailure(e -> LOG.debug("presence change not pushed to the agenda: {}", e.getMessage()));
  }

  private static boolean isPatient(Appointment a, String userId) {
    return a.patientId() != null ? a.patientId().equals(userId) : !userId.equals(a.clinicianId());
  }

  /** The appointment's patient as its clinician's stream shows them (basis: the appointment). */
  private static Access clinicianAccess(Appointment a) {
    return new Access(a.patientId(), Basis.of(Basis.Kind.APPOINTMENT, a.id()));
  }

  private String event(String appointmentId, LiveStatus presence, Instant since) {
    JsonObject data = new JsonObject().put("appointmentId", appointmentId).put("presence", presence.wire())
        .put("since", since == null ? null : since.toString());
    return "id: " + sequence.incrementAndGet() + "\nevent: presence\ndata: " + data.encode() + "\n\n";
  }

  private void publish(String clinicianId, Access shown, String event) {
    for (Subscriber s : byClinician.getOrDefault(clinicianId, Set.of())) {
      s.show(shown, event);
    }
  }

  // ---- streams out

  public void stream(RoutingContext ctx) {
    String token = ctx.request().getParam("access_token");
    if (token == null || token.isBlank()) {
      Problems.send(ctx, SchedulerError.TOKEN_MISSING.error(
          "The event stream needs the token as ?access_token= (EventSource cannot send headers)"));
      return;
    }
    Context context = Vertx.currentContext();
    verifier.verify(token).onSuccess(caller -> {
      if (!CLINICIANS.contains(caller.role())) {
        Problems.send(ctx, SchedulerError.FORBIDDEN_ROLE.error("This needs the role gp, specialist or nurse"));
        return;
      }
      opening(caller).onSuccess(shown -> open(ctx, caller, context, shown)).onFailure(e -> Problems.send(ctx, e));
    }).onFailure(e -> Problems.send(ctx, e));
  }

  /** The patients the new stream can show from the start, once their entries are in the trail. */
  private Future<Set<String>> opening(Caller caller) {
    LocalDate today = LocalDate.now(clock.withZone(Json.ZONE));
    return bookings.appointmentsOfClinician(caller.id(), today.atStartOfDay(Json.ZONE).toInstant(),
        today.plusDays(1).atStartOfDay(Json.ZONE).toInstant()).compose(day -> {
          List<Access> reached = new ArrayList<>();
          day.forEach(a -> reached.add(clinicianAccess(a)));
          waiting.values().stream().filter(w -> w.clinicianId().equals(caller.id())).forEach(w -> reached.add(w.access()));
          Set<String> shown = new HashSet<>();
          reached.forEach(r -> shown.add(r.patientId()));
          return audit.record(caller, AuditAction.AGENDA_STREAM, reached, Basis.of(Basis.Kind.APPOINTMENT, null))
              .map(v -> shown);
        });
  }

  private void open(RoutingContext ctx, Caller caller, Context context, Set<String> shown) {
    HttpServerResponse res = ctx.response();
    res.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        // Compression would hold events back in the compressor's buffer.
        .putHeader("Content-Encoding", "identity")
        .putHeader("X-Accel-Buffering", "no");
    Subscriber s = new Subscriber(res, context, caller, shown, audit);
    Set<Subscriber> mine = byClinician.computeIfAbsent(caller.id(), id -> ConcurrentHashMap.newKeySet());
    mine.add(s);
    s.write("retry: 2000\n\n");
    waiting.forEach((appointmentId, w) -> {
      if (w.clinicianId().equals(caller.id())) {
        s.show(w.access(), event(appointmentId, LiveStatus.IN_LOBBY, w.since()));
      }
    });
    long heartbeat = vertx.setPeriodic(HEARTBEAT.toMillis(), id -> s.write(": keep-alive\n\n"));
    Runnable gone = () -> {
      mine.remove(s);
      vertx.cancelTimer(heartbeat);
    };
    res.closeHandler(v -> gone.run());
    res.endHandler(v -> gone.run());
  }

  /** Ends every stream (node shutdown); browsers reconnect to another node. */
  public void close() {
    byClinician.values().forEach(set -> set.forEach(Subscriber::end));
  }

  /**
   * One open stream. Writes hop onto the response's own context (presence arrives on signaling's); events go out in
   * order, each after the entry of a patient it shows for the first time.
   */
  private static final class Subscriber {
    private final HttpServerResponse response;
    private final Context context;
    private final Caller clinician;
    private final Set<String> shown;
    private final AccessRecorder audit;
    private Future<Void> queue = Future.succeededFuture();

    Subscriber(HttpServerResponse response, Context context, Caller clinician, Set<String> shown,
               AccessRecorder audit) {
      this.response = response;
      this.context = context;
      this.clinician = clinician;
      this.shown = shown;
      this.audit = audit;
    }

    void show(Access patient, String text) {
      context.runOnContext(v -> {
        queue = queue.transform(ignored -> {
          if (patient.patientId() == null || !shown.add(patient.patientId())) {
            write(text);
            return Future.succeededFuture();
          }
          return audit.record(clinician, AuditAction.AGENDA_STREAM, List.of(patient))
              .onSuccess(x -> write(text))
              .onFailure(e -> {
                shown.remove(patient.patientId());
                LOG.warn("agenda event not sent: the audit trail could not be written ({})", e.getMessage());
              });
        });
      });
    }

    void write(String text) {
      context.runOnContext(v -> {
        if (!response.ended() && !response.closed()) {
          response.write(text);
        }
      });
    }

    void end() {
      context.runOnContext(v -> {
        if (!response.ended() && !response.closed()) {
          response.end();
        }
      });
    }
  }
}
