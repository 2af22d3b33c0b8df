package io.konsil.common.http;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/**
 * One part of a node (signaling, scheduler, web client) as the launcher sees it: it mounts its routes on the node's
 * one router, reports its health, and shuts down gracefully.
 */
public interface Feature {

  String name();

  /** Prepares the feature before routes are mounted (open stores, load demo data). */
  default Future<Void> start() {
    return Future.succeededFuture();
  }

  void mount(Router router);

  /** Lines the launcher prints at start, e.g. ready-to-click demo links; {@code baseUrl} has no trailing slash. */
  default java.util.List<String> links(String baseUrl) {
    return java.util.List.of();
  }

  /** Succeeds while the feature can serve (e.g. its store answers); fails with the reason otherwise. */
  default Future<Void> health() {
    return Future.succeededFuture();
  }

  /** Graceful stop: tell clients, drain, release shared state. */
  default Future<Void> shutdown() {
    return Future.succeededFuture();
  }
}
