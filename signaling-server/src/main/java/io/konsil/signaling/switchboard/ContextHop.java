package io.konsil.signaling.switchboard;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work on one Vert.x context, so the switchboard's state is touched by one thread only: no locks, and no race
 * between a frame, a close and a timer. The context is adopted from the first caller that runs on an event loop —
 * normally the HTTP server's, so that with one server instance frames are routed without any thread hop, like a bare
 * forwarder. Work arriving on that thread (from any context) runs inline.
 */
final class ContextHop {
  private static final Logger LOG = LoggerFactory.getLogger(ContextHop.class);

  private final Context fallback;
  private volatile Context context;
  private volatile Thread thread;

  ContextHop(Context fallback) {
    this.fallback = fallback;
  }

  void run(Runnable work) {
    if (Thread.currentThread() == thread) {
      guarded(work);
    } else {
      context().runOnContext(v -> {
        thread = Thread.currentThread();
        guarded(work);
      });
    }
  }

  <T> Future<T> call(Callable<T> work) {
    Promise<T> promise = Promise.promise();
    run(() -> {
      try {
        promise.complete(work.call());
      } catch (Exception e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  <T> Future<T> compose(Callable<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    run(() -> {
      try {
        work.call().onComplete(promise);
      } catch (Exception e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  boolean onThread() {
    return Thread.currentThread() == thread;
  }

  private Context context() {
    Context c = context;
    if (c != null) {
      return c;
    }
    Context current = Vertx.currentContext();
    Context candidate = current != null && current.isEventLoopContext() ? current : fallback;
    synchronized (this) {
      if (context == null) {
        context = candidate;
      }
      return context;
    }
  }

  private static void guarded(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.error("room logic failed", e);
    }
  }
}
