package io.konsil.common.testing;

import io.konsil.common.http.Feature;
import io.konsil.common.http.HttpLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * A real HTTP/WebSocket server on a free loopback port with the given features mounted, the way the node mounts
 * them (with the node's HTTP limits), for a module's tests that do not need the whole node.
 */
public final class TestServer {
  private final HttpServer server;
  private final List<Feature> features;

  private TestServer(HttpServer server, List<Feature> features) {
    this.server = server;
    this.features = features;
  }

  public static Future<TestServer> start(Vertx vertx, HttpServerOptions options, Feature... features) {
    List<Feature> list = List.of(features);
    Router router = HttpLimits.answerMalformedPaths(Router.router(vertx));
    Future<Void> started = Future.succeededFuture();
    for (Feature f : list) {
      started = started.compose(v -> f.start());
    }
    return started.compose(v -> {
      list.forEach(f -> f.mount(router));
      return HttpLimits.answerInvalidRequests(vertx.createHttpServer(HttpLimits.apply(options)
          .setHost("127.0.0.1").setPort(0))).requestHandler(router).listen();
    }).map(s -> new TestServer(s, list));
  }

  public static Future<TestServer> start(Vertx vertx, Feature... features) {
    return start(vertx, new HttpServerOptions(), features);
  }

  public int port() {
    return server.actualPort();
  }

  public String http() {
    return "http://127.0.0.1:" + port();
  }

  public String ws() {
    return "ws://127.0.0.1:" + port();
  }

  public Future<Void> stop() {
    Future<Void> down = Future.succeededFuture();
    for (Feature f : features) {
      down = down.compose(v -> f.shutdown());
    }
    return down.eventually(() -> server.close());
  }
}
