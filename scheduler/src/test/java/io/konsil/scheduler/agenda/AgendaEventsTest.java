package io.konsil.scheduler.agenda;

import static io.konsil.scheduler.Responses.json;
import static io.konsil.scheduler.Responses.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.presence.PresenceState;
import io.konsil.scheduler.Fixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The agenda's push channel: knocks reach the clinician as Server-Sent Events, nobody else's knocks do. */
@ExtendWith(VertxExtension.class)
class AgendaEventsTest {
  private Vertx vertx;
  private Fixture f;
  private HttpClient http;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    f = await(Fixture.start(vertx));
    http = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    // As the node does: the feature ends its streams before the server closes (which waits for open requests).
    await(f.feature.shutdown());
    await(http.close());
    await(f.stop());
  }

  /** One open event stream, parsed as a browser's EventSource would. */
  private static final class EventStream {
    final BlockingQueue<JsonObject> presence = new LinkedBlockingQueue<>();
    final HttpClientResponse response;
    private final StringBuilder pending = new StringBuilder();

    EventStream(HttpClientResponse response) {
      this.response = response;
      response.handler(buf -> {
        pending.append(buf.toString());
        int end;
        while ((end = pending.indexOf("\n\n")) >= 0) {
          String block = pending.substring(0, end);
          pending.delete(0, end + 2);
          String type = null;
          String data = null;
          for (String line : block.split("\n")) {
            if (line.startsWith("event: ")) {
              type = line.substring(7);
            } else if (line.startsWith("data: ")) {
              data = line.substring(6);
            }
          }
          if ("presence".equals(type) && data != null) {
            presence.add(new JsonObject(data));
          }
        }
      });
    }

    JsonObject next() {
      try {
        JsonObject e = presence.poll(5, TimeUnit.SECONDS);
        assertNotNull(e, "no presence event within 5 s");
        return e;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    void expectNone(Duration within) {
      try {
        JsonObject e = presence.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        assertNull(e, () -> "unexpected event " + e);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private EventStream stream(String token) {
    // The parser is attached on the event loop as the response arrives, so that no early event is missed.
    EventStream s = await(http.request(new RequestOptions()
            .setAbsoluteURI(f.base + "/api/v1/agenda/events?access_token=" + token))
        .compose(HttpClientRequest::send).map(EventStream::new));
    assertEquals(200, s.response.statusCode());
    assertTrue(s.response.getHeader("content-type").startsWith("text/event-stream"), s.response.getHeader("content-type"));
    return s;
  }

  @Test
  void aPatientWaitingInTheLobbyReachesTheirClinicianAtOnceAndNoOneElse() {
    JsonObject booked = json(await(f.book(f.patient("kari"), "k", new JsonObject().put("slotId", "card-1-0"))));
    String room = booked.getString("room");
    EventStream card1 = stream(f.tokens.specialist("card-1", "*"));
    EventStream card2 = stream(f.tokens.specialist("card-2", "*"));

    Instant knocked = f.clock.instant();
    f.presence.move(room, "kari", PresenceState.IN_LOBBY);
    JsonObject knock = card1.next();
    assertEquals(booked.getString("id"), knock.getString("appointmentId"));
    assertEquals("in-lobby", knock.getString("presence"));
    assertEquals(knocked.toString(), knock.getString("since"));

    // Minutes waited survive a reload: a new stream starts with who is waiting now, since when.
    f.clock.advance(Duration.ofMinutes(4));
    EventStream reopened = stream(f.tokens.specialist("card-1", "*"));
    JsonObject snapshot = reopened.next();
    assertEquals("in-lobby", snapshot.getString("presence"));
    assertEquals(knocked.toString(), snapshot.getString("since"));

    // The clinician's own presence is no knock; the patient let in is.
    f.presence.move(room, "card-1", PresenceState.IN_CALL);
    f.presence.move(room, "kari", PresenceState.IN_CALL);
    JsonObject admitted = card1.next();
    assertEquals("in-call", admitted.getString("presence"));
    assertNull(admitted.getString("since"));
    card2.expectNone(Duration.ofMillis(300));
  }

  @Test
  void theStreamNeedsAClinicianToken() {
    problem(await(f.client.getAbs(f.base + "/api/v1/agenda/events").send()), 401, "token-missing");
    problem(await(f.client.getAbs(f.base + "/api/v1/agenda/events?access_token=not.a.token").send()), 401,
        "token-malformed");
    problem(await(f.client.getAbs(f.base + "/api/v1/agenda/events?access_token=" + f.patient("kari")).send()), 403,
        "forbidden-role");
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
