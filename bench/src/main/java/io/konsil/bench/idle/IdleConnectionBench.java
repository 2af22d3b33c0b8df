package io.konsil.bench.idle;

import io.konsil.bench.harness.Args;
import io.konsil.bench.harness.Machine;
import io.konsil.bench.harness.ServerProcess;
import io.konsil.bench.harness.Servers;
import io.konsil.bench.harness.SignalClient;
import io.konsil.bench.harness.Table;
import io.konsil.common.token.TokenIssuer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Idle connection heap (issue 3): opens {@code connections} authenticated WebSockets, {@code per-room} to a room, all
 * with moderator tokens so every socket is admitted (in the call, not in the lobby), and measures the server's heap
 * after a full GC before and after; the difference divided by the count is the heap an idle participant costs. The
 * bare baseline server holds the same number of sockets in the same run. Sockets come from several loopback source
 * addresses so ephemeral ports never run short.
 *
 * <p>Options: {@code --connections 10000 --per-room 2 --hold 5 --concurrency 200 --sources 4 --targets baseline,konsil,konsil-deflate}.
 */
public final class IdleConnectionBench {

  record Result(String target, int connections, int failed, double joinPerSecond, long heapBefore, long heapAfter,
      long rssBefore, long rssAfter, long closedDuringHold, List<String> topClasses) {
    double heapPerConnection() {
      return (heapAfter - heapBefore) / (double) connections;
    }

    double rssPerConnection() {
      return (rssAfter - rssBefore) / (double) connections;
    }
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int connections = args.integer("connections", 10_000);
    int perRoom = args.integer("per-room", 2);
    int hold = args.integer("hold", 5);
    int concurrency = args.integer("concurrency", 200);
    int sources = args.integer("sources", 4);
    List<String> targets = args.list("targets", List.of("baseline", "konsil", "konsil-deflate"));
    args.checkAllUsed();
    System.out.println("Idle connection benchmark: " + connections + " sockets, " + perRoom + " per room, "
        + Machine.describe());
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    TokenIssuer issuer = Servers.issuer();
    Map<String, Result> results = new LinkedHashMap<>();
    try {
      for (String target : targets) {
        results.put(target, run(vertx, issuer, target, connections, perRoom, hold, concurrency, sources));
      }
    } finally {
      vertx.close().await();
    }
    report(results, perRoom);
    System.exit(0);
  }

  private static Result run(Vertx vertx, TokenIssuer issuer, String target, int connections, int perRoom, int hold,
      int concurrency, int sources) throws Exception {
    boolean konsil = Servers.authenticated(target);
    System.out.println("\n-- " + target + " (" + Servers.describe(target) + ")");
    try (ServerProcess server = Servers.byName(target, "idle-" + target)) {
      List<WebSocketClient> clients = new ArrayList<>();
      for (int s = 0; s < sources; s++) {
        clients.add(vertx.createWebSocketClient(new WebSocketClientOptions()
            .setLocalAddress("127.0.0." + (s + 1))
            .setMaxConnections(connections + 1000)
            .setTryUsePerMessageCompression(target.endsWith("-deflate"))));
      }
      // Warm-up: let the server load classes, JIT and size its pools before the "before" reading.
      Opened warm = open(clients, issuer, konsil, server.port(), "warm", 200, perRoom, concurrency);
      warm.closeAll();
      Thread.sleep(1000);

      long heap0 = server.heapUsedAfterGc();
      long rss0 = server.rssBytes();
      Map<String, long[]> classes0 = server.classHistogram();
      long t0 = System.nanoTime();
      Opened opened = open(clients, issuer, konsil, server.port(), "idle", connections, perRoom, concurrency);
      double joinRate = opened.sockets.size() / ((System.nanoTime() - t0) / 1e9);
      System.out.printf("%,d joined (%,d failed) at %,.0f joins/s%s%n", opened.sockets.size(), opened.failed.get(),
          joinRate, opened.firstFailure.get() == null ? "" : "; first failure: " + opened.firstFailure.get());
      if (opened.failed.get() > connections / 100) {
        throw new IllegalStateException(target + ": too many failed joins: " + opened.firstFailure.get());
      }
      Thread.sleep(2000);
      long heap1 = server.heapUsedAfterGc();
      long rss1 = server.rssBytes();
      Map<String, long[]> classes1 = server.classHistogram();
      int n = opened.sockets.size();
      System.out.printf("heap after GC: %,d -> %,d bytes = %.1f KB per connection; RSS %.1f KB per connection%n",
          heap0, heap1, (heap1 - heap0) / 1024.0 / n, (rss1 - rss0) / 1024.0 / n);
      List<String> top = topClasses(classes0, classes1, n);
      top.forEach(line -> System.out.println("  " + line));

      Thread.sleep(hold * 1000L);
      long closed = opened.closed.get();
      System.out.println("closed by the server during a " + hold + " s hold: " + closed);
      opened.closeAll();
      for (WebSocketClient c : clients) {
        c.close().await();
      }
      return new Result(target, n, (int) opened.failed.get(), joinRate, heap0, heap1, rss0, rss1, closed, top);
    }
  }

  /** The classes whose live bytes grew most, per connection. */
  private static List<String> topClasses(Map<String, long[]> before, Map<String, long[]> after, int n) {
    List<Map.Entry<String, long[]>> growth = new ArrayList<>();
    after.forEach((cls, v) -> {
      long[] b = before.getOrDefault(cls, new long[2]);
      growth.add(Map.entry(cls, new long[] {v[0] - b[0], v[1] - b[1]}));
    });
    growth.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, long[]> e : growth.subList(0, Math.min(10, growth.size()))) {
      out.add(String.format("%8.0f B/conn %6.1f objs/conn  %s", e.getValue()[1] / (double) n,
          e.getValue()[0] / (double) n, e.getKey()));
    }
    return out;
  }

  private static final class Opened {
    final List<WebSocket> sockets = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong closed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicReference<String> firstFailure = new AtomicReference<>();
    volatile boolean closing;

    void closeAll() throws InterruptedException {
      closing = true;
      List<WebSocket> copy;
      synchronized (sockets) {
        copy = new ArrayList<>(sockets);
      }
      Semaphore done = new Semaphore(0);
      for (WebSocket ws : copy) {
        ws.close().onComplete(ar -> done.release());
      }
      done.tryAcquire(copy.size(), 60, TimeUnit.SECONDS);
    }
  }

  private static Opened open(List<WebSocketClient> clients, TokenIssuer issuer, boolean konsil, int port,
      String prefix, int count, int perRoom, int concurrency) throws InterruptedException {
    Opened opened = new Opened();
    Semaphore inFlight = new Semaphore(concurrency);
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < count; i++) {
      String room = prefix + "-room-" + (i / perRoom);
      String token = konsil ? Servers.moderatorToken(issuer, prefix + "-user-" + i, room) : null;
      inFlight.acquire();
      SignalClient.join(clients.get(i % clients.size()), "127.0.0.1", port, room, token).onComplete(ar -> {
        if (ar.succeeded()) {
          WebSocket ws = ar.result().ws();
          ws.textMessageHandler(text -> { });
          ws.closeHandler(v -> {
            if (!opened.closing) {
              opened.closed.incrementAndGet();
            }
          });
          opened.sockets.add(ws);
        } else {
          opened.failed.incrementAndGet();
          opened.firstFailure.compareAndSet(null, String.valueOf(ar.cause().getMessage()));
          errors.add(ar.cause());
        }
        inFlight.release();
      });
    }
    inFlight.acquire(concurrency);
    inFlight.release(concurrency);
    return opened;
  }

  private static void report(Map<String, Result> results, int perRoom) {
    Result base = results.get("baseline");
    Table table = new Table("Idle connections: heap per authenticated idle socket (" + perRoom + " per room)",
        "server", "sockets", "joins/s", "heap before MB", "heap after MB", "heap KB/socket", "vs baseline",
        "RSS KB/socket", "closed in hold");
    for (Result r : results.values()) {
      table.row(r.target(), r.connections(), Table.f0(r.joinPerSecond()), Table.f1(r.heapBefore() / 1048576.0),
          Table.f1(r.heapAfter() / 1048576.0), Table.f1(r.heapPerConnection() / 1024),
          base == null ? "n/a" : Table.ratio(r.heapPerConnection(), base.heapPerConnection()),
          Table.f1(r.rssPerConnection() / 1024), r.closedDuringHold());
    }
    table.note("heap = used heap after full GC (jcmd GC.run, GC.heap_info) in the server JVM; both servers -Xmx4g G1");
    Result k = results.get("konsil");
    if (k != null) {
      double kb = k.heapPerConnection() / 1024;
      table.note("target <= 50 KB heap per idle connection: " + Table.f1(kb) + " KB" + (kb <= 50 ? " MET" : " MISSED"));
      table.note("Konsil's largest per-socket heap growth (jcmd GC.class_histogram):");
      k.topClasses().subList(0, Math.min(6, k.topClasses().size())).forEach(l -> table.note("`" + l.trim() + "`"));
    }
    table.print();
  }
}
