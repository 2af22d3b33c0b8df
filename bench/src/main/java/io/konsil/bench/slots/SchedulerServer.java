package io.konsil.bench.slots;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.presence.Presence;
import io.konsil.common.token.TokenIssuer;
import io.konsil.common.token.TokenVerifier;
import io.konsil.scheduler.SchedulerFeature;
import io.konsil.scheduler.Stores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Clock;

/**
 * The scheduler's REST API on its own JVM, over an embedded store filled with a {@link BenchNetwork}: the node has no
 * way to take a pre-filled store, so the scheduler benchmarks mount {@link SchedulerFeature} (created with the filled
 * {@link Stores}, exactly as the node creates it otherwise) on a bare router. Slots come from the feature's own
 * horizon roll at start.
 *
 * <p>Run: {@code java -cp ... io.konsil.bench.slots.SchedulerServer PORT APP_ID SECRET HOSPITALS CLINICIANS DAYS
 * SLOTS_PER_DAY SEED}; exits when stdin closes.
 */
public final class SchedulerServer {
  private SchedulerServer() {}

  /** Starts the scheduler child with a network of the given size and waits until it serves. */
  public static io.konsil.bench.harness.ServerProcess start(String label, int hospitals, int clinicians, int days,
      int slotsPerDay, long seed) {
    int port = io.konsil.bench.harness.ServerProcess.freePort();
    java.util.List<String> cmd = new java.util.ArrayList<>(io.konsil.bench.harness.ServerProcess.javaCommand(
        SchedulerServer.class.getName(), java.util.List.of(Integer.toString(port),
            io.konsil.bench.harness.Servers.APP_ID, io.konsil.bench.harness.Servers.SECRET, Integer.toString(hospitals),
            Integer.toString(clinicians), Integer.toString(days), Integer.toString(slotsPerDay), Long.toString(seed))));
    cmd.add(1, "-Dlogback.configurationFile=logback-bench.xml");
    return io.konsil.bench.harness.ServerProcess.start(label, cmd, port);
  }

  public static void main(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]);
    int days = Integer.parseInt(a[5]);
    BenchNetwork network = new BenchNetwork(Integer.parseInt(a[3]), Integer.parseInt(a[4]), Integer.parseInt(a[6]),
        Long.parseLong(a[7]));
    KonsilConfig base = KonsilConfig.defaults(port, a[1], a[2]);
    KonsilConfig config = base.withBooking(new KonsilConfig.Booking(base.booking().holdTtl(),
        base.booking().joinBefore(), base.booking().joinGrace(), days));
    Vertx vertx = Vertx.vertx();
    Stores stores = Stores.inMemory();
    long t0 = System.nanoTime();
    network.load(stores).await();
    SchedulerFeature scheduler = SchedulerFeature.create(vertx, config, TokenVerifier.create(vertx, config.jwt()),
        new TokenIssuer(config.jwt()), Presence.none(), new SimpleMeterRegistry(), Clock.systemUTC(), stores);
    scheduler.start().await();
    System.out.printf("network of %d clinicians loaded and slots generated in %.1f s%n", network.clinicians(),
        (System.nanoTime() - t0) / 1e9);
    Router router = Router.router(vertx);
    router.get("/health").handler(rc -> rc.response().end("{\"status\":\"UP\"}"));
    scheduler.mount(router);
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)).requestHandler(router)
        .listen().await();
    System.out.println("scheduler on 127.0.0.1:" + port);
    while (System.in.read() >= 0) {
      // the benchmark holds stdin open while it needs us
    }
    System.exit(0);
  }
}
