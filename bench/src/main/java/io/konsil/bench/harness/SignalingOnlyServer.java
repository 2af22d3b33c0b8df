package io.konsil.bench.harness;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.token.TokenVerifier;
import io.konsil.signaling.SignalingFeature;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;

/**
 * A diagnostic server under test: the signaling feature alone on a bare router, without the rest of the node (no
 * scheduler, web client, access log or Prometheus). Comparing it with the full node shows what the node's wiring
 * costs; comparing it with the baseline shows what signaling itself costs.
 *
 * <p>Run: {@code java -cp ... io.konsil.bench.harness.SignalingOnlyServer PORT APP_ID SECRET DEFLATE}; exits when
 * stdin closes.
 */
public final class SignalingOnlyServer {
  private SignalingOnlyServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    boolean deflate = Boolean.parseBoolean(args[3]);
    KonsilConfig.Signaling d = KonsilConfig.defaultSignaling();
    KonsilConfig config = KonsilConfig.defaults(port, args[1], args[2]).withSignaling(new KonsilConfig.Signaling(
        d.maxParticipants(), d.maxFrameBytes(), 100_000, 1_000_000, d.maxConnectionsPerToken(),
        Duration.ofSeconds(600), d.resumeGrace(), d.chatHistory(), List.of(), deflate));
    Vertx vertx = Vertx.vertx();
    SignalingFeature signaling = SignalingFeature.create(vertx, config, TokenVerifier.create(vertx, config.jwt()),
        new SimpleMeterRegistry());
    signaling.start().await();
    Router router = Router.router(vertx);
    router.get("/health").handler(rc -> rc.response().end("{\"status\":\"UP\"}"));
    signaling.mount(router);
    vertx.createHttpServer(SignalingFeature.configure(new HttpServerOptions().setHost("127.0.0.1").setPort(port),
        config.signaling())).requestHandler(router).listen().await();
    System.out.println("signaling-only server on 127.0.0.1:" + port);
    while (System.in.read() >= 0) {
      // the benchmark holds stdin open while it needs us
    }
    System.exit(0);
  }
}
