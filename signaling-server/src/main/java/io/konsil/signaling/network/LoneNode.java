package io.konsil.signaling.network;

import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The embedded node: alone, never losing a peer. */
public final class LoneNode implements NodeRegistry {
  private final NodeInfo self;

  public LoneNode(NodeInfo self) {
    this.self = self;
  }

  @Override
  public String instance() {
    return self.instance();
  }

  @Override
  public boolean shared() {
    return false;
  }

  @Override
  public Future<Void> start(Consumer<String> lost, Runnable takenForDead) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> holding(String roomKey, boolean holds) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Set<String>> roomsOf(String instance) {
    return Future.succeededFuture(Set.of());
  }

  @Override
  public Future<Void> forget(String instance) {
    return Future.succeededFuture();
  }

  @Override
  public Future<List<NodeInfo>> nodes() {
    return Future.succeededFuture(List.of(self));
  }

  @Override
  public Future<Void> stop() {
    return Future.succeededFuture();
  }
}
