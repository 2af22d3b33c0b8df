package io.konsil.node;

import io.konsil.common.http.Feature;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** GET /health (UP, or 503 DOWN with the failing feature and reason) and GET /metrics (Prometheus text). */
final class Operations {
  private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final List<Feature> features;
  private final String nodeId;

  Operations(PrometheusMeterRegistry registry, List<Feature> features, String nodeId) {
    this.registry = registry;
    this.features = features;
    this.nodeId = nodeId;
  }

  void mount(Router router) {
    router.get("/health").handler(this::health);
    router.get("/metrics").handler(this::metrics);
  }

  private void health(RoutingContext ctx) {
    List<Future<JsonObject>> checks = new ArrayList<>();
    for (Feature f : features) {
      checks.add(f.health()
          .map(v -> new JsonObject().put("name", f.name()).put("status", "UP"))
          .otherwise(err -> new JsonObject().put("name", f.name()).put("status", "DOWN")
              .put("reason", String.valueOf(err.getMessage()))));
    }
    Future.join(checks).onComplete(ar -> {
      JsonArray list = new JsonArray();
      boolean up = true;
      for (Future<JsonObject> c : checks) {
        list.add(c.result());
        up &= "UP".equals(c.result().getString("status"));
      }
      JsonObject body = new JsonObject().put("status", up ? "UP" : "DOWN").put("node", nodeId).put("checks", list);
      ctx.response().setStatusCode(up ? 200 : 503).putHeader("content-type", "application/json")
          .putHeader("cache-control", "no-store").end(body.encode());
    });
  }

  private void metrics(RoutingContext ctx) {
    // Scraping walks every meter; keep it off the event loop.
    ctx.vertx().executeBlocking(registry::scrape, false)
        .onSuccess(text -> ctx.response().putHeader("content-type", PROMETHEUS).end(text))
        .onFailure(ctx::fail);
  }
}
