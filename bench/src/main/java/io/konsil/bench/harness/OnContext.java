package io.konsil.bench.harness;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/**
 * Runs client work on one Vert.x context and waits for it from the benchmark's main thread. HTTP requests issued
 * straight from a non-Vert.x thread each get a fresh context; after a few thousand of them the client's connection
 * pool was seen to stop handing out connections, so every HTTP call of the benchmarks starts on one context.
 */
public final class OnContext {
  private OnContext() {}

  public static <T> T await(Context context, Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      try {
        work.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future().await();
  }
}
