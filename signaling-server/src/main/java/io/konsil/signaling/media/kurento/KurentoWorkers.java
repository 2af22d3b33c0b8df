package io.konsil.signaling.media.kurento;

import io.konsil.signaling.media.MediaErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import org.kurento.client.internal.server.KurentoServerException;
import org.kurento.commons.exception.KurentoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only place kurento-client is called: every call blocks on a round trip to KMS, so it runs on a dedicated
 * worker pool, never on an event loop. Failures come back as {@link MediaErrors}.
 */
final class KurentoWorkers {
  private static final Logger LOG = LoggerFactory.getLogger(KurentoWorkers.class);

  private final WorkerExecutor pool;

  KurentoWorkers(Vertx vertx, int size) {
    this.pool = vertx.createSharedWorkerExecutor("konsil-kurento", size);
  }

  <T> Future<T> run(String what, Callable<T> blocking) {
    return pool.executeBlocking(blocking, false).recover(err -> Future.failedFuture(translate(what, err)));
  }

  Future<Void> close() {
    return pool.close();
  }

  static Throwable translate(String what, Throwable err) {
    if (err instanceof io.konsil.common.error.KonsilException) {
      return err;
    }
    if (err instanceof KurentoServerException server) {
      // KMS error types: https://doc-kurento.readthedocs.io/en/latest/features/kurento_api.html
      String type = String.valueOf(server.getErrorType());
      if (type.contains("SDP") || type.contains("ICE")) {
        return MediaErrors.sdpRejected(type);
      }
      LOG.warn("Kurento refused {}: {} {}", what, server.getCode(), type);
      return MediaErrors.serverError("Kurento " + server.getCode() + " " + type + " during " + what);
    }
    if (err instanceof KurentoException) {
      return MediaErrors.unavailable("Kurento during " + what + ": " + err.getMessage());
    }
    LOG.warn("Kurento call {} failed", what, err);
    return MediaErrors.serverError(what + " failed: " + err.getClass().getSimpleName());
  }
}
