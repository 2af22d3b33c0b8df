package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.ScriptedSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Abuse limits: only these close a connection (1008, 1009), plus the idle timeout and the participant cap. */
class LimitsTest extends SignalingTestBase {

  private static KonsilConfig.Signaling limits(int maxParticipants, int rate, int burst, Duration idle) {
    return new KonsilConfig.Signaling(maxParticipants, 8 * 1024, rate, burst, 3, idle, Duration.ofMillis(1500), 5,
        List.of(), false);
  }

  @Test
  void aFastClientIsRateLimitedFirstAndClosedWith1008OnlyWhenItKeepsFlooding() {
    restart(config(limits(8, 5, 5, Duration.ofSeconds(5))));
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    pause(1100);
    for (int i = 0; i < 6; i++) {
      gp.socket().send(new JsonObject().put("type", "ping").put("id", "p" + i));
    }
    JsonObject limited = gp.next("error");
    assertEquals("rate-limited", limited.getString("code"));
    // The burst went through.
    for (int i = 0; i < 5; i++) {
      gp.next("pong");
    }
    // After a pause the bucket has refilled and the connection works normally.
    pause(1100);
    assertEquals("pong", await(gp.socket().request(frame("ping"), "pong")).getString("type"));
    for (int i = 0; i < 40; i++) {
      gp.socket().send(frame("ping"));
    }
    assertEquals((short) 1008, await(gp.socket().closed(Duration.ofSeconds(5))));
    assertTrue(gp.socket().history().stream().anyMatch(f -> "flood".equals(f.getString("code"))));
    // The other participant is not affected (apart from seeing the flooder drop).
    assertEquals("pong", await(patient.socket().request(frame("ping"), "pong")).getString("type"));
    assertEquals(1.0, counter("konsil.signaling.errors", "code", "flood"));
  }

  @Test
  void aFrameOverTheSizeLimitClosesWith1009() {
    restart(config(limits(8, 50, 100, Duration.ofSeconds(5))));
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    ScriptedSocket big = await(ScriptedSocket.connect(vertx, new WebSocketClientOptions().setMaxFrameSize(1 << 20),
        ScriptedSocket.options(url(room, tokens.gp("gp-big", room)))));
    JsonObject welcome = await(big.next("welcome"));
    assertEquals(8 * 1024, welcome.getJsonObject("limits").getInteger("maxFrameBytes"));
    // Just under the limit is fine.
    String sdp = "v".repeat(8 * 1024 - 200);
    big.send(new JsonObject().put("type", "offer").put("to", gp.participantId()).put("sdp", sdp));
    assertEquals(sdp, gp.next("offer").getString("sdp"));
    big.send(new JsonObject().put("type", "offer").put("to", gp.participantId()).put("sdp", "v".repeat(9 * 1024)));
    assertEquals("message-too-big", await(big.next("error")).getString("code"));
    assertEquals((short) 1009, await(big.closed(Duration.ofSeconds(5))));
    await(gp.socket().expectNone("offer", Duration.ofMillis(200)));
    assertEquals("pong", await(patient.socket().request(frame("ping"), "pong")).getString("type"));
  }

  @Test
  void aFullRoomRefusesTheNextPersonWith409AndCountsTheLobby() {
    restart(config(limits(2, 50, 100, Duration.ofSeconds(5))));
    String room = room();
    Joined gp = gp(room);
    waitingPatient(room);
    ScriptedSocket.Refusal refusal = await(ScriptedSocket.refused(vertx, url(room, tokens.patient("pat-3", room))));
    assertEquals(409, refusal.status());
    assertEquals("room-full", refusal.code());
    // A user who already has a place passes the handshake (to resume it) but cannot take a second place.
    ScriptedSocket second = connect(room, tokens.hs256(tokens.claims(gp.userId(), "Dr", "gp", true, room).put("jti", "2")));
    second.send(frame("join"));
    JsonObject error = await(second.next("error"));
    assertEquals("room-full", error.getString("code"));
    assertEquals((short) 4009, await(second.closed()));
    assertEquals("pong", await(gp.socket().request(frame("ping"), "pong")).getString("type"));
  }

  @Test
  void aSilentConnectionIsClosedWith4000AfterTheIdleTimeoutAndShownAsReconnecting() {
    restart(config(limits(8, 50, 100, Duration.ofMillis(600))));
    String room = room();
    ScriptedSocket gpSocket = connect(room, tokens.gp("gp-idle", room));
    JsonObject welcome = await(gpSocket.next("welcome"));
    assertEquals(600, welcome.getJsonObject("heartbeat").getInteger("idleTimeoutMs"));
    // A patient who keeps pinging stays; the silent clinician is timed out.
    ScriptedSocket patient = connect(room, tokens.patient("pat-idle", room));
    await(patient.next("lobby"));
    long pinger = vertx.setPeriodic(150, t -> patient.send(frame("ping")));
    try {
      assertEquals((short) 4000, await(gpSocket.closed(Duration.ofSeconds(3))));
      pause(300);
      assertTrue(!patient.isClosed());
    } finally {
      vertx.cancelTimer(pinger);
    }
  }
}
