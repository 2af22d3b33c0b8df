package io.konsil.common.audit;

import io.konsil.common.audit.memory.MemoryAuditTrail;
import io.konsil.common.audit.redis.RedisAuditTrail;
import io.konsil.common.redis.RedisGateway;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;

/**
 * The access log of patient data (Norway's "Normen" asks for one): an append-only, hash-chained trail shared by
 * every feature of a node and, in a network, by every node. Appends never block the caller's event loop; a failed
 * append fails the future (503 {@code store-unavailable}) so the caller can refuse to hand out unlogged data.
 */
public interface AuditTrail {

  /** Appends {@code events} in order, each chained to the one before; completes once all are stored. */
  Future<Void> append(List<AuditEvent> events);

  default Future<Void> append(AuditEvent event) {
    return append(List.of(event));
  }

  /** Entries matching {@code query}, newest first. */
  Future<AuditPage> query(AuditQuery query);

  /** Walks the whole chain and names the first broken link, if any. */
  Future<Verification> verify();

  static AuditTrail inMemory(Clock clock, String node) {
    return new MemoryAuditTrail(clock, node);
  }

  static AuditTrail redis(RedisGateway gateway, Clock clock, String node) {
    return new RedisAuditTrail(gateway, clock, node);
  }
}
