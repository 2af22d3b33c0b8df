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

  @Test
  void aClientThatStopsReadingIsCutOffAndMayResumeWhileTheRoomGoesOn() throws Exception {
    restart(config(new KonsilConfig.Signaling(8, 64 * 1024, 10_000, 10_000, 3, Duration.ofSeconds(30),
        Duration.ofSeconds(10), 5, List.of(), false)));
    String room = room();
    Joined gp = gp(room);
    // A colleague whose tab freezes: a raw socket that completes the handshake, reads its welcome, then never reads.
    String frozenUser = "gp-frozen";
    try (FrozenClient frozen = FrozenClient.open(server.port(), "/signal/" + room + "?jwt=" + tokens.gp(frozenUser, room))) {
      JsonObject welcome = frozen.welcome();
      String frozenId = welcome.getString("participantId");
      await(gp.socket().next("participant-joined"));
      String sdp = "v".repeat(60 * 1024);
      // Far more than the kernel's buffers plus the server's backlog bound can hold.
      for (int i = 0; i < 400 && counter("konsil.signaling.errors", "code", "slow-consumer") == 0; i++) {
        await(gp.socket().send(new JsonObject().put("type", "offer").put("to", frozenId).put("sdp", sdp)));
      }
      JsonObject reconnecting = await(gp.socket().await(
          f -> "participant-updated".equals(f.getString("type"))
              && "reconnecting".equals(f.getJsonObject("participant").getString("state")), Duration.ofSeconds(10)));
      assertEquals(frozenId, reconnecting.getString("participantId"));
      assertEquals(1.0, counter("konsil.signaling.errors", "code", "slow-consumer"));
      // The sender and the room are not disturbed.
      assertEquals("pong", await(gp.socket().request(frame("ping"), "pong")).getString("type"));
      // The frozen tab comes back on a new connection and resumes its session within the grace period.
      ScriptedSocket back = connect(room, tokens.gp(frozenUser, room));
      back.send(new JsonObject().put("type", "resume").put("resumeToken", welcome.getString("resumeToken")));
      assertEquals(frozenId, await(back.next("welcome")).getString("participantId"));
    }
  }

  /** A WebSocket client on a plain socket with a tiny receive buffer, which stops reading after its first frame. */
  private static final class FrozenClient implements AutoCloseable {
    private final java.net.Socket socket;
    private final java.io.DataInputStream in;

    private FrozenClient(java.net.Socket socket) throws java.io.IOException {
      this.socket = socket;
      this.in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
    }

    static FrozenClient open(int port, String path) throws java.io.IOException {
      java.net.Socket s = new java.net.Socket();
      s.setReceiveBufferSize(4096);
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(5000);
      String key = java.util.Base64.getEncoder().encodeToString(new byte[16]);
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      FrozenClient c = new FrozenClient(s);
      String line;
      while (!(line = c.readLine()).isEmpty()) {
        if (line.startsWith("HTTP/1.1") && !line.contains(" 101 ")) {
          throw new AssertionError("handshake refused: " + line);
        }
      }
      return c;
    }

    private String readLine() throws java.io.IOException {
      StringBuilder b = new StringBuilder();
      int ch;
      while ((ch = in.read()) != '\n') {
        if (ch < 0) {
          throw new java.io.EOFException();
        }
        if (ch != '\r') {
          b.append((char) ch);
        }
      }
      return b.toString();
    }

    JsonObject welcome() throws java.io.IOException {
      while (true) {
        int opcode = in.readUnsignedByte() & 0x0f;
        long len = in.readUnsignedByte() & 0x7f;
        if (len == 126) {
          len = in.readUnsignedShort();
        } else if (len == 127) {
          len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        if (opcode == 1) {
          JsonObject f = new JsonObject(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
          if ("welcome".equals(f.getString("type"))) {
            return f;
          }
        }
      }
    }

    @Override
    public void close() throws java.io.IOException {
      socket.close();
    }
  }
}
