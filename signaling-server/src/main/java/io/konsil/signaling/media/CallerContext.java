package io.konsil.signaling.media;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs an adapter's work on the adapter's own context and hands the result back on the caller's: adapters keep their
 * state confined to one context (no locks), and room logic confined to another sees its callbacks where it expects
 * them.
 */
public final class CallerContext {
  private CallerContext() {}

  public static <T> Future<T> hop(Context home, Supplier<Future<T>> work) {
    Context caller = Vertx.currentContext();
    Promise<T> result = Promise.promise();
    home.runOnContext(v -> {
      Future<T> f;
      try {
        f = work.get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(result);
    });
    if (caller == null || caller == home) {
      return result.future();
    }
    return Future.fromCompletionStage(result.future().toCompletionStage(), caller);
  }
}
