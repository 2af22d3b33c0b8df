package io.konsil.common.audit.redis;

import io.konsil.common.audit.AuditEntry;
import io.konsil.common.audit.AuditEvent;
import io.konsil.common.audit.AuditPage;
import io.konsil.common.audit.AuditQuery;
import io.konsil.common.audit.AuditTrail;
import io.konsil.common.audit.HashChain;
import io.konsil.common.audit.Verification;
import io.konsil.common.error.KonsilException;
import io.konsil.common.redis.Library;
import io.konsil.common.redis.RedisGateway;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The network's trail in Redis ({@code konsil_audit_v2}). A node seals each entry against the head it last saw and
 * the function stores it only if that is still the head; otherwise the node takes the head from the reply and seals
 * again, and has the next turn: while a node holds the turn the others' entries wait (a few milliseconds), so a busy
 * node cannot keep another from appending. This node's appends run one after another (a queue), so they never race
 * each other, and when Redis does not answer, those waiting behind fail at once rather than one timeout after another.
 */
public final class RedisAuditTrail implements AuditTrail {
  public static final Library LIBRARY = Library.fromResource("redis/konsil_audit_v2.lua");
  /** Appends retried this often while other nodes keep winning the head. */
  static final int MAX_ATTEMPTS = 64;
  /** How long an entry waits before asking again while another node holds the turn. */
  static final long TURN_WAIT_MS = 1;
  /** How long an entry may wait for turns in all: a turn runs out after 250 ms (konsil_audit_v2.lua). */
  static final long MAX_WAIT_NANOS = 5_000_000_000L;
  /** Entries read per round trip by queries and verification. */
  static final int BATCH = 256;
  /** Entries a query page looks at at most; a sparse match returns a shorter page with a cursor to go on. */
  static final int SCAN_BUDGET = 4096;

  private final RedisGateway gateway;
  private final Clock clock;
  private final String node;
  /** Appends waiting their turn on this node, oldest first; one runs at a time ({@code running}). */
  private final java.util.ArrayDeque<Waiting> waiting = new java.util.ArrayDeque<>();
  private boolean running;
  /** Redis failures seen so far, and the last: appends queued before a failure fail with it without asking again. */
  private long failures;
  private Throwable lastFailure;
  private long headSeq = -1;
  private String headHash;

  public RedisAuditTrail(RedisGateway gateway, Clock clock, String node) {
    this.gateway = gateway;
    this.clock = clock;
    this.node = node;
  }

  /** Other nodes kept winning the head for longer than an append may wait. */
  private static final class TooBusy extends KonsilException {
    TooBusy() {
      super(503, RedisGateway.STORE_UNAVAILABLE, "The audit trail is too busy to append to; try again");
    }
  }

  /** An append waiting its turn: its events, its caller's promise, and the failures seen when it was made. */
  private record Waiting(List<AuditEvent> events, Promise<Void> done, long failuresBefore) {}

  /**
   * Queues the append behind this node's earlier ones. When Redis does not answer one of them, every append that was
   * already waiting fails with the same error at once instead of each waiting out its own timeout in turn (thousands
   * of requests would otherwise wait minutes for their 503); appends made afterwards ask Redis again.
   */
  @Override
  public Future<Void> append(List<AuditEvent> events) {
    Promise<Void> done = Promise.promise();
    boolean start;
    synchronized (this) {
      waiting.add(new Waiting(events, done, failures));
      start = !running;
      running = true;
    }
    if (start) {
      drain();
    }
    return done.future();
  }

  /**
   * Runs the waiting appends one after another: a loop while they complete at once (a failed queue unwinds without
   * deepening the stack), and from the callback of the one that goes to Redis.
   */
  private void drain() {
    while (true) {
      Waiting next;
      Throwable failed;
      synchronized (this) {
        next = waiting.poll();
        if (next == null) {
          running = false;
          return;
        }
        failed = failures > next.failuresBefore() ? lastFailure : null;
      }
      if (failed != null) {
        next.done().fail(failed);
        continue;
      }
      Future<Void> appended = appendAll(next.events(), 0);
      if (appended.isComplete()) {
        finished(next, appended);
        continue;
      }
      appended.onComplete(ar -> {
        finished(next, appended);
        drain();
      });
      return;
    }
  }

  private void finished(Waiting w, Future<Void> appended) {
    // Redis did not answer (not: other nodes kept winning, which says nothing about the appends waiting here).
    if (appended.failed() && appended.cause() instanceof KonsilException k
        && RedisGateway.STORE_UNAVAILABLE.equals(k.code()) && !(k instanceof TooBusy)) {
      synchronized (this) {
        failures++;
        lastFailure = k;
      }
    }
    w.done().handle(appended);
  }

  private Future<Void> appendAll(List<AuditEvent> events, int i) {
    if (i == events.size()) {
      return Future.succeededFuture();
    }
    return appendOne(events.get(i), 1, System.nanoTime()).compose(v -> appendAll(events, i + 1));
  }

  private Future<Void> appendOne(AuditEvent event, int attempt, long since) {
    Future<Void> head = knownHead() ? Future.succeededFuture() : readHead();
    return head.compose(v -> {
      long expected;
      String prev;
      synchronized (this) {
        expected = headSeq;
        prev = headHash;
      }
      AuditEntry e = HashChain.seal(expected + 1, clock.instant(), node, event, prev);
      List<String> keys = new ArrayList<>(List.of(AuditKeys.HEAD, AuditKeys.ENTRIES));
      if (e.patientId() != null) {
        keys.add(AuditKeys.patient(e.patientId()));
      }
      keys.add(AuditKeys.actor(e.actor().id()));
      if (e.actor().hospital() != null) {
        keys.add(AuditKeys.hospital(e.actor().hospital()));
      }
      return gateway.<List<Object>>fcall(LIBRARY, "konsil_audit_v2_append", ScriptOutputType.MULTI,
          keys.toArray(String[]::new), Long.toString(expected), Long.toString(e.seq()), e.hash(),
          HashChain.encode(e), node).compose(reply -> {
            synchronized (this) {
              if (((Long) reply.get(0)) == 1L) {
                headSeq = e.seq();
                headHash = e.hash();
                return Future.succeededFuture();
              }
              headSeq = Long.parseLong((String) reply.get(1));
              headHash = headSeq == 0 ? HashChain.GENESIS : (String) reply.get(2);
            }
            boolean waiting = "wait".equals(reply.get(3));
            if ((waiting ? 0 : attempt) >= MAX_ATTEMPTS || System.nanoTime() - since > MAX_WAIT_NANOS) {
              return Future.failedFuture(new TooBusy());
            }
            if (waiting) { // another node's turn: ask again in a moment
              return gateway.vertx().timer(TURN_WAIT_MS).compose(t -> appendOne(event, attempt, since));
            }
            return appendOne(event, attempt + 1, since);
          });
    });
  }

  private synchronized boolean knownHead() {
    return headSeq >= 0;
  }

  private Future<Void> readHead() {
    return gateway.call(c -> c.hmget(AuditKeys.HEAD, "seq", "hash")).map(values -> {
      synchronized (this) {
        String seq = values.get(0).getValueOrElse(null);
        headSeq = seq == null ? 0 : Long.parseLong(seq);
        headHash = seq == null ? HashChain.GENESIS : values.get(1).getValueOrElse(HashChain.GENESIS);
      }
      return null;
    });
  }

  // ---- queries

  @Override
  public Future<AuditPage> query(AuditQuery q) {
    String index = q.patientId() != null ? AuditKeys.patient(q.patientId())
        : q.actorId() != null ? AuditKeys.actor(q.actorId())
        : q.hospital() != null ? AuditKeys.hospital(q.hospital()) : null;
    return gateway.call(c -> c.hget(AuditKeys.HEAD, "seq")).compose(head -> {
      long top = head == null ? 0 : Long.parseLong(head);
      long below = q.before() == null ? top + 1 : Math.min(q.before(), top + 1);
      return page(q, index, below, new ArrayList<>(), 0);
    });
  }

  /** Collects matches among seqs below {@code below}, newest first, a batch at a time. */
  private Future<AuditPage> page(AuditQuery q, String index, long below, List<AuditEntry> items, int scanned) {
    if (below <= 1) {
      return Future.succeededFuture(new AuditPage(items, null));
    }
    if (scanned >= SCAN_BUDGET) {
      return Future.succeededFuture(new AuditPage(items, below));
    }
    Future<List<String>> seqs = index != null
        ? gateway.call(c -> c.zrevrangebyscore(index, Range.create((Number) Double.NEGATIVE_INFINITY,
            (Number) (double) (below - 1)), Limit.create(0, BATCH)))
        : Future.succeededFuture(descending(below - 1, Math.max(1, below - BATCH)));
    return seqs.compose(batch -> {
      if (batch.isEmpty()) {
        return Future.succeededFuture(new AuditPage(items, null));
      }
      return gateway.call(c -> c.hmget(AuditKeys.ENTRIES, batch.toArray(String[]::new))).compose(values -> {
        long lowest = below;
        for (KeyValue<String, String> kv : values) {
          long seq = Long.parseLong(kv.getKey());
          if (items.size() == q.limit()) {
            return Future.succeededFuture(new AuditPage(items, items.get(items.size() - 1).seq()));
          }
          lowest = seq;
          if (kv.hasValue()) {
            AuditEntry e = HashChain.decode(kv.getValue());
            if (q.matches(e)) {
              items.add(e);
            }
          }
        }
        if (items.size() == q.limit()) {
          // One more match may or may not exist below: the cursor says where to look, the next page may be empty.
          return Future.succeededFuture(new AuditPage(items, lowest > 1 ? items.get(items.size() - 1).seq() : null));
        }
        return page(q, index, lowest, items, scanned + batch.size());
      });
    });
  }

  private static List<String> descending(long from, long to) {
    List<String> out = new ArrayList<>();
    for (long s = from; s >= to; s--) {
      out.add(Long.toString(s));
    }
    return out;
  }

  // ---- verification

  @Override
  public Future<Verification> verify() {
    return gateway.call(c -> c.hmget(AuditKeys.HEAD, "seq", "hash")).compose(head -> {
      String seq = head.get(0).getValueOrElse(null);
      long top = seq == null ? 0 : Long.parseLong(seq);
      String hash = head.get(1).getValueOrElse(null);
      return gateway.call(c -> c.hlen(AuditKeys.ENTRIES))
          .compose(count -> walk(new HashChain.Walk(), 1, top).map(w -> w.end(top, hash, count)));
    });
  }

  private Future<HashChain.Walk> walk(HashChain.Walk w, long from, long top) {
    if (from > top) {
      return Future.succeededFuture(w);
    }
    long to = Math.min(top, from + BATCH - 1);
    String[] fields = new String[(int) (to - from + 1)];
    for (long s = from; s <= to; s++) {
      fields[(int) (s - from)] = Long.toString(s);
    }
    return gateway.call(c -> c.hmget(AuditKeys.ENTRIES, fields)).compose(values -> {
      for (KeyValue<String, String> kv : values) {
        if (!w.next(Long.parseLong(kv.getKey()), kv.getValueOrElse(null))) {
          return Future.succeededFuture(w);
        }
      }
      return walk(w, to + 1, top);
    });
  }
}
