package io.konsil.bench.baseline;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline every signaling figure is compared with: a bare Vert.x WebSocket server that pairs the first two
 * sockets of a room ({@code /signal/{room}}) and forwards every text message of one to the other, verbatim. No
 * authentication, no JSON parsing, no rate limit, no lobby — the cost of Vert.x + Netty + WebSocket framing alone.
 *
 * <p>It greets each socket with a minimal {@code welcome} (the second one after pairing, so a client that has seen
 * both welcomes knows the pair forwards), which lets the load generator drive it exactly like Konsil.
 *
 * <p>Run: {@code java -cp ... io.konsil.bench.baseline.BaselineServer PORT [INSTANCES]}. It exits when its stdin
 * closes, so it never outlives the benchmark that started it.
 */
public final class BaselineServer extends VerticleBase {
  private static final ConcurrentHashMap<String, Peer> WAITING = new ConcurrentHashMap<>();
  private static final AtomicLong IDS = new AtomicLong();

  private final int port;
  private HttpServer server;

  public BaselineServer(int port) {
    this.port = port;
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int instances = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new BaselineServer(port), new DeploymentOptions().setInstances(instances))
        .await();
    System.out.println("baseline server listening on 127.0.0.1:" + port + " with " + instances + " event loop(s)");
    // Exit with the parent: the benchmark holds our stdin open for as long as it needs us.
    while (System.in.read() >= 0) {
      // discard
    }
    vertx.close().await();
    System.exit(0);
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost("127.0.0.1")
        .setPort(port)
        .setMaxWebSocketFrameSize(65536)
        .setMaxWebSocketMessageSize(65536);
    server = vertx.createHttpServer(options)
        .webSocketHandler(this::accept)
        .requestHandler(req -> req.response().putHeader("content-type", "application/json").end("{\"status\":\"UP\"}"));
    return server.listen();
  }

  private void accept(ServerWebSocket ws) {
    String path = ws.path();
    if (!path.startsWith("/signal/")) {
      ws.close((short) 1008, "unknown path");
      return;
    }
    String room = path.substring("/signal/".length());
    Peer self = new Peer(ws, "p" + IDS.incrementAndGet());
    Peer[] partner = new Peer[1];
    WAITING.compute(room, (k, waiting) -> {
      if (waiting == null) {
        return self;
      }
      partner[0] = waiting;
      return null;
    });
    ws.textMessageHandler(self::forward);
    ws.closeHandler(v -> {
      WAITING.remove(room, self);
      Peer p = self.peer;
      if (p != null) {
        p.ws.close();
      }
    });
    Peer other = partner[0];
    String participants = "";
    if (other != null) {
      self.peer = other;
      other.peer = self;
      participants = "{\"id\":\"" + other.id + "\"}";
    }
    ws.writeTextMessage("{\"type\":\"welcome\",\"participantId\":\"" + self.id + "\",\"room\":\"" + room
        + "\",\"participants\":[" + participants + "]}");
  }

  private static final class Peer {
    final ServerWebSocket ws;
    final String id;
    volatile Peer peer;

    Peer(ServerWebSocket ws, String id) {
      this.ws = ws;
      this.id = id;
    }

    void forward(String message) {
      Peer p = peer;
      if (p != null) {
        p.ws.writeTextMessage(message);
      }
    }
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

}
