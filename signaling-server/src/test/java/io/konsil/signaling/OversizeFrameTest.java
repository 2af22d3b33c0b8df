package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.ScriptedSocket;
import io.konsil.common.testing.TestServer;
import io.konsil.common.testing.TestTokens;
import io.konsil.common.token.TokenVerifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Frames far above the signaling limit (default 64 KiB), including ones above what Netty would buffer by default,
 * are answered like any oversize frame: {@code error message-too-big} and close 1009 with a reason, never a dropped
 * TCP connection (which a browser reports as 1006 with no reason).
 */
@ExtendWith(VertxExtension.class)
class OversizeFrameTest {
  private final TestTokens tokens = new TestTokens();
  private Vertx vertx;
  private TestServer server;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    KonsilConfig config = KonsilConfig.defaults(0, TestTokens.APP_ID, TestTokens.SECRET);
    SignalingFeature feature = SignalingFeature.create(vertx, config, TokenVerifier.create(vertx, config.jwt()),
        new SimpleMeterRegistry());
    server = await(TestServer.start(vertx, SignalingFeature.configure(new HttpServerOptions(), config.signaling()),
        feature));
  }

  @AfterEach
  void stop() {
    await(server.stop());
  }

  @ParameterizedTest(name = "a frame of {0} KiB")
  @ValueSource(ints = {200, 2048})
  void aFrameFarAboveTheLimitIsAnsweredWithMessageTooBigAndClose1009(int kib) {
    String room = "room-oversize-" + kib;
    ScriptedSocket client = await(ScriptedSocket.connect(vertx,
        new WebSocketClientOptions().setMaxFrameSize(8 << 20).setMaxMessageSize(8 << 20),
        ScriptedSocket.options(server.ws() + "/signal/" + room + "?jwt=" + tokens.gp("gp-big", room))));
    await(client.next("welcome"));
    client.send(new JsonObject().put("type", "chat").put("text", "x".repeat(kib * 1024)));
    assertEquals("message-too-big", await(client.next("error")).getString("code"));
    assertEquals((short) 1009, await(client.closed(Duration.ofSeconds(10))));
    assertEquals("message-too-big", client.closeReason());
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
