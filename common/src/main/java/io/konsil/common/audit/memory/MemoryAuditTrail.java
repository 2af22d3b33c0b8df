package io.konsil.common.audit.memory;

import io.konsil.common.audit.AuditEntry;
import io.konsil.common.audit.AuditEvent;
import io.konsil.common.audit.AuditPage;
import io.konsil.common.audit.AuditQuery;
import io.konsil.common.audit.AuditTrail;
import io.konsil.common.audit.HashChain;
import io.konsil.common.audit.Verification;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The embedded node's trail: entries in their stored form, by seq. Event loops of the node share it, so every method
 * takes the lock — for microseconds (no I/O inside).
 */
public final class MemoryAuditTrail implements AuditTrail {
  private final Clock clock;
  private final String node;
  private final TreeMap<Long, String> entries = new TreeMap<>();
  private long headSeq;
  private String headHash = HashChain.GENESIS;

  public MemoryAuditTrail(Clock clock, String node) {
    this.clock = clock;
    this.node = node;
  }

  @Override
  public synchronized Future<Void> append(List<AuditEvent> events) {
    for (AuditEvent event : events) {
      AuditEntry e = HashChain.seal(headSeq + 1, clock.instant(), node, event, headHash);
      entries.put(e.seq(), HashChain.encode(e));
      headSeq = e.seq();
      headHash = e.hash();
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<AuditPage> query(AuditQuery q) {
    List<AuditEntry> items = new ArrayList<>();
    Long next = null;
    var newestFirst = (q.before() == null ? entries : entries.headMap(q.before(), false)).descendingMap();
    for (String stored : newestFirst.values()) {
      AuditEntry e = HashChain.decode(stored);
      if (!q.matches(e)) {
        continue;
      }
      if (items.size() == q.limit()) {
        next = items.get(items.size() - 1).seq();
        break;
      }
      items.add(e);
    }
    return Future.succeededFuture(new AuditPage(items, next));
  }

  @Override
  public synchronized Future<Verification> verify() {
    HashChain.Walk walk = new HashChain.Walk();
    for (long seq = 1; seq <= headSeq; seq++) {
      if (!walk.next(seq, entries.get(seq))) {
        break;
      }
    }
    return Future.succeededFuture(walk.end(headSeq, headHash, entries.size()));
  }

  /** The stored entries themselves, for tests that tamper with them as an intruder with memory access would. */
  public synchronized TreeMap<Long, String> stored() {
    return entries;
  }
}
