package io.konsil.node;

import io.konsil.common.audit.AuditEntry;
import io.konsil.common.audit.AuditQuery;
import io.konsil.common.audit.AuditTrail;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit trail's head — the place and hash of its newest entry — to the log when the node starts, every
 * {@link #EVERY} while the trail grows, and when it stops. The hash chain shows an entry edited or removed, but not a
 * trail rewritten whole (every hash computed again) by someone who can write to Redis; a log shipped off the machine
 * holds heads the chain must still pass through, and {@code audit-verify --anchor SEQ:HASH} checks them. A head names
 * no person: a place and a hash.
 */
final class AuditAnchor {
  static final Duration EVERY = Duration.ofMinutes(5);
  static final String LOGGER = "konsil.audit.anchor";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private final Vertx vertx;
  private final AuditTrail trail;
  private final AtomicLong written = new AtomicLong();
  private long timer = -1;

  AuditAnchor(Vertx vertx, AuditTrail trail) {
    this.vertx = vertx;
    this.trail = trail;
  }

  /** Writes the head now (if the trail has one) and then every {@code every} when it moved. */
  Future<Void> start(Duration every) {
    timer = vertx.setPeriodic(every.toMillis(), t -> write());
    return write();
  }

  /** The last head, and no more. */
  Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return write();
  }

  /** Logs the head if it moved since the last one logged; a trail that cannot be read is a warning, never a failure. */
  Future<Void> write() {
    return trail.query(AuditQuery.all(null, 1)).map(page -> {
      if (!page.items().isEmpty()) {
        AuditEntry head = page.items().get(0);
        long before = written.getAndSet(head.seq());
        if (before != head.seq()) {
          String anchor = head.seq() + ":" + head.hash();
          LOG.info("audit trail head {} (audit-verify --anchor {})", anchor, anchor);
        }
      }
      return (Void) null;
    }).recover(err -> {
      LOG.warn("audit trail head not readable: {}", err.getMessage());
      return Future.succeededFuture();
    });
  }
}
