package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.RedisProcess;
import io.konsil.common.testing.ScriptedSocket;
import io.konsil.common.testing.TestServer;
import io.konsil.common.testing.TestTokens;
import io.konsil.common.token.TokenVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real node-like server with only signaling mounted, on a free loopback port, plus real WebSocket clients
 * ({@link ScriptedSocket}). Test methods are scripts that block the JUnit thread (never an event loop) on futures.
 */
@ExtendWith(VertxExtension.class)
abstract class SignalingTestBase {
  static final TestTokens tokens = new TestTokens();

  Vertx vertx;
  TestServer server;
  SignalingFeature feature;
  MeterRegistry registry;

  /** Short timeouts so the suite stays quick; tests needing others restart with {@link #restart}. */
  static KonsilConfig.Signaling signaling() {
    return new KonsilConfig.Signaling(8, 64 * 1024, 50, 100, 3, Duration.ofSeconds(5), Duration.ofMillis(1500), 5,
        List.of(), false);
  }

  /**
   * Every signaling test runs twice (see the surefire executions in this module's pom): with rooms in memory, and with
   * {@code -Dkonsil.rooms=redis} against a real redis-server, through the same assertions.
   */
  static KonsilConfig config(KonsilConfig.Signaling signaling) {
    KonsilConfig config = KonsilConfig.defaults(0, TestTokens.APP_ID, TestTokens.SECRET).withSignaling(signaling);
    if ("redis".equals(System.getProperty("konsil.rooms"))) {
      config = config.withRedis(KonsilConfig.Redis.standalone(RedisProcess.shared().uri()));
    }
    return config;
  }

  KonsilConfig config() {
    return config(signaling());
  }

  @BeforeEach
  void startServer(Vertx vertx) {
    this.vertx = vertx;
    restart(config());
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      await(server.stop());
      server = null;
    }
  }

  void restart(KonsilConfig config) {
    restart(config, io.konsil.common.room.RoomDirectory.none());
  }

  void restart(KonsilConfig config, io.konsil.common.room.RoomDirectory directory) {
    stopServer();
    registry = new SimpleMeterRegistry();
    // No gateway handed in: with rooms in Redis (config.redis()) the feature opens its own, as in restart(config).
    feature = SignalingFeature.create(vertx, config, TokenVerifier.create(vertx, config.jwt()), registry, null, directory);
    server = await(TestServer.start(vertx, SignalingFeature.configure(new HttpServerOptions(), config.signaling()), feature));
  }

  /** A second node of one network: this test's node joins {@code networked} too, and the other node is returned. */
  OtherNode secondNode(KonsilConfig networked) {
    restart(networked);
    SignalingFeature other = SignalingFeature.create(vertx, networked, TokenVerifier.create(vertx, networked.jwt()),
        new SimpleMeterRegistry());
    return new OtherNode(other, await(TestServer.start(vertx,
        SignalingFeature.configure(new HttpServerOptions(), networked.signaling()), other)));
  }

  /** The other node of {@link #secondNode}: its feature (for its presence) and its server (stop it when done). */
  record OtherNode(SignalingFeature feature, TestServer server) {}

  static String room() {
    return "room-" + UUID.randomUUID().toString().substring(0, 8);
  }

  String url(String room, String jwt) {
    return server.ws() + "/signal/" + room + (jwt == null ? "" : "?jwt=" + jwt);
  }

  ScriptedSocket connect(String room, String jwt) {
    return await(ScriptedSocket.connect(vertx, url(room, jwt)));
  }

  /** A clinician (moderator) in the call; returns after their welcome. */
  Joined gp(String room) {
    String id = "gp-" + UUID.randomUUID().toString().substring(0, 6);
    ScriptedSocket s = connect(room, tokens.gp(id, room));
    return new Joined(s, await(s.next("welcome")), id);
  }

  /** A patient waiting in the lobby; returns after their lobby frame. */
  Joined waitingPatient(String room) {
    String id = "pat-" + UUID.randomUUID().toString().substring(0, 6);
    ScriptedSocket s = connect(room, tokens.patient(id, room));
    return new Joined(s, await(s.next("lobby")), id);
  }

  /** A patient admitted by {@code moderator}; returns after the patient's welcome. */
  Joined admittedPatient(String room, Joined moderator) {
    Joined p = waitingPatient(room);
    JsonObject knock = await(moderator.socket().next("knocking"));
    assertEquals(p.participantId(), knock.getJsonObject("participant").getString("id"));
    moderator.socket().send(new JsonObject().put("type", "admit").put("participantId", p.participantId()));
    JsonObject welcome = await(p.socket().next("welcome"));
    await(moderator.socket().next("participant-joined"));
    return new Joined(p.socket(), welcome, p.userId());
  }

  record Joined(ScriptedSocket socket, JsonObject first, String userId) {
    String participantId() {
      return first.getString("participantId");
    }

    JsonObject next(String type) {
      return await(socket.next(type));
    }

    void send(JsonObject frame) {
      await(socket.send(frame));
    }
  }

  static JsonObject frame(String type) {
    return new JsonObject().put("type", type);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new AssertionError(cause);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  void pause(long millis) {
    await(Future.<Void>future(p -> vertx.setTimer(millis, t -> p.complete())));
  }

  double counter(String name, String tagKey, String tagValue) {
    var c = registry.find(name).tag(tagKey, tagValue).counter();
    return c == null ? 0 : c.count();
  }
}
