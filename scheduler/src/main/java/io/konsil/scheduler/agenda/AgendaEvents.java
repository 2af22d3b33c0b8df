package io.konsil.scheduler.agenda;

import io.konsil.common.error.Problems;
import io.konsil.common.presence.Presence;
import io.konsil.common.presence.PresenceState;
import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.common.token.TokenVerifier;
import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.BookingStore;
import io.konsil.scheduler.error.SchedulerError;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
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
 */
public final class AgendaEvents implements Presence.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(AgendaEvents.class);
  static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final Set<Role> CLINICIANS = EnumSet.of(Role.GP, Role.SPECIALIST, Role.NURSE);

  private final Vertx vertx;
  private final TokenVerifier verifier;
  private final BookingStore bookings;
  private final Clock clock;
  private final Map<String, Set<Subscriber>> byClinician = new ConcurrentHashMap<>();
  /** Patients waiting in a lobby now, by appointment id (this node's view of the knocks it was told about). */
  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  private record Waiting(String clinicianId, Instant since) {}

  public AgendaEvents(Vertx vertx, TokenVerifier verifier, BookingStore bookings, Clock clock) {
    this.vertx = vertx;
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
        since = waiting.computeIfAbsent(a.id(), id -> new Waiting(a.clinicianId(), at)).since();
      } else {
        waiting.remove(a.id());
      }
      publish(a.clinicianId(), event(a.id(), LiveStatus.of(a.status(), state), since));
    }).onFailure(e -> LOG.debug("presence change not pushed to the agenda: {}", e.getMessage()));
  }

  private static boolean isPatient(Appointment a, String userId) {
    return a.patientId() != null ? a.patientId().equals(userId) : !userId.equals(a.clinicianId());
  }

  private String event(String appointmentId, LiveStatus presence, Instant since) {
    JsonObject data = new JsonObject().put("appointmentId", appointmentId).put("presence", presence.wire())
        .put("since", since == null ? null : since.toString());
    return "id: " + sequence.incrementAndGet() + "\nevent: presence\ndata: " + data.encode() + "\n\n";
  }

  private void publish(String clinicianId, String event) {
    for (Subscriber s : byClinician.getOrDefault(clinicianId, Set.of())) {
      s.write(event);
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
      open(ctx, caller, context);
    }).onFailure(e -> Problems.send(ctx, e));
  }

  private void open(RoutingContext ctx, Caller caller, Context context) {
    HttpServerResponse res = ctx.response();
    res.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        // Compression would hold events back in the compressor's buffer.
        .putHeader("Content-Encoding", "identity")
        .putHeader("X-Accel-Buffering", "no");
    Subscriber s = new Subscriber(res, context);
    Set<Subscriber> mine = byClinician.computeIfAbsent(caller.id(), id -> ConcurrentHashMap.newKeySet());
    mine.add(s);
    s.write("retry: 2000\n\n");
    waiting.forEach((appointmentId, w) -> {
      if (w.clinicianId().equals(caller.id())) {
        s.write(event(appointmentId, LiveStatus.IN_LOBBY, w.since()));
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

  /** One open stream. Writes hop onto the response's own context (presence arrives on signaling's). */
  private static final class Subscriber {
    private final HttpServerResponse response;
    private final Context context;

    Subscriber(HttpServerResponse response, Context context) {
      this.response = response;
      this.context = context;
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
