package io.konsil.bench.relay;

import io.konsil.bench.harness.SignalClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.HdrHistogram.Histogram;

/**
 * Load for a share of the pairs, on one client event loop: both sockets of its pairs live on this verticle's context,
 * so sending, receiving and recording need no locks. The benchmark's main thread drives phases with {@link #call}.
 *
 * <p>Two modes: <em>saturate</em> keeps {@code window} frames in flight per direction (closed loop: each arrival
 * sends the next) to find the most a server relays; <em>rate</em> sends at a fixed rate on a 1 ms tick regardless of
 * arrivals (open loop, stamped at the actual write, so a slow server shows up as latency, not as a slower generator).
 */
final class RelayDriver extends VerticleBase {
  private static final long MAX_MICROS = 60_000_000L;

  private enum Mode { IDLE, SATURATE, RATE }

  /** One direction of a pair: frames written on {@code from}, addressed to the other participant. */
  private static final class Lane {
    final WebSocket from;
    final Frames frames;
    long seq;
    int inFlight;

    Lane(WebSocket from, String to) {
      this.from = from;
      this.frames = new Frames(to);
    }
  }

  record Stats(long sent, long received, long errors, String firstError, long closed, Histogram latency) {}

  private final WebSocketClient client;
  private final int port;
  private final int portB;
  private final List<Integer> pairs;
  private final BiFunction<String, String, String> token;
  private final List<Lane> lanes = new ArrayList<>();
  private final List<WebSocket> sockets = new ArrayList<>();
  private final Histogram latency = new Histogram(MAX_MICROS, 3);

  private Mode mode = Mode.IDLE;
  private int window;
  private long timer = -1;
  private long sent;
  private long received;
  private long errors;
  private String firstError;
  private long closed;
  private boolean closing;
  private boolean deflateNegotiated = true;

  /**
   * {@code token} mints a token for (userId, room); it returns null for the unauthenticated baseline. The first
   * participant of each pair joins on {@code port}, the second on {@code portB} (another node of a network, or the
   * same port).
   */
  RelayDriver(WebSocketClient client, int port, int portB, List<Integer> pairs, BiFunction<String, String, String> token) {
    this.client = client;
    this.port = port;
    this.portB = portB;
    this.pairs = pairs;
    this.token = token;
  }

  @Override
  public Future<?> start() {
    List<Future<Void>> joins = new ArrayList<>();
    for (int i : pairs) {
      joins.add(connectPair(i));
    }
    return Future.all(joins);
  }

  private Future<Void> connectPair(int i) {
    String room = "bench-relay-" + i;
    return SignalClient.join(client, "127.0.0.1", port, room, token.apply("relay-a" + i, room))
        .compose(a -> SignalClient.join(client, "127.0.0.1", portB, room, token.apply("relay-b" + i, room))
            .map(b -> {
              Lane ab = new Lane(a.ws(), b.participantId());
              Lane ba = new Lane(b.ws(), a.participantId());
              lanes.add(ab);
              lanes.add(ba);
              watch(b.ws(), ab);
              watch(a.ws(), ba);
              return null;
            }));
  }

  /** Frames arriving on {@code ws} are those sent on {@code lane}. */
  private void watch(WebSocket ws, Lane lane) {
    sockets.add(ws);
    String ext = ws.headers() == null ? null : ws.headers().get("sec-websocket-extensions");
    deflateNegotiated &= ext != null && ext.contains("permessage-deflate");
    ws.textMessageHandler(text -> arrived(lane, text));
    ws.closeHandler(v -> {
      if (!closing) {
        closed++;
        if (firstError == null) {
          firstError = "socket closed by server: " + ws.closeStatusCode() + " " + ws.closeReason();
        }
      }
    });
  }

  private void arrived(Lane lane, String text) {
    long stamp = Frames.stamp(text);
    if (stamp < 0) {
      if (text.contains("\"type\":\"error\"")) {
        errors++;
        if (firstError == null) {
          firstError = text.length() > 300 ? text.substring(0, 300) : text;
        }
      }
      return;
    }
    received++;
    latency.recordValue(Math.min(MAX_MICROS, Math.max(0, (System.nanoTime() - stamp) / 1000)));
    lane.inFlight--;
    if (mode == Mode.SATURATE) {
      while (lane.inFlight < window) {
        send(lane);
      }
    }
  }

  private void send(Lane lane) {
    lane.from.writeTextMessage(lane.frames.frame(lane.seq++, System.nanoTime()));
    lane.inFlight++;
    sent++;
  }

  /** Runs {@code action} on this driver's event loop; the benchmark's main thread awaits the result. */
  <T> Future<T> call(Callable<T> action) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> {
      try {
        p.complete(action.call());
      } catch (Exception e) {
        p.fail(e);
      }
    });
    return p.future();
  }

  Future<Void> saturate(int window) {
    return call(() -> {
      stopTimer();
      this.window = window;
      mode = Mode.SATURATE;
      for (Lane lane : lanes) {
        while (lane.inFlight < window) {
          send(lane);
        }
      }
      return null;
    });
  }

  Future<Void> rate(double framesPerSecond) {
    return call(() -> {
      stopTimer();
      mode = Mode.RATE;
      long t0 = System.nanoTime();
      double perNano = framesPerSecond / 1e9;
      long[] due = {0};
      int[] next = {0};
      // A generator that fell behind (GC, a starved core) catches up at most 10 ms worth per tick and drops the
      // rest, so it never blocks its event loop; the achieved rate is reported next to the offered one.
      long maxBacklog = Math.max(1, (long) (framesPerSecond / 100));
      timer = vertx.setPeriodic(1, id -> {
        long target = (long) ((System.nanoTime() - t0) * perNano);
        if (target - due[0] > maxBacklog) {
          due[0] = target - maxBacklog;
        }
        while (due[0] < target) {
          send(lanes.get(next[0]));
          next[0] = (next[0] + 1) % lanes.size();
          due[0]++;
        }
      });
      return null;
    });
  }

  Future<Void> idle() {
    return call(() -> {
      stopTimer();
      mode = Mode.IDLE;
      return null;
    });
  }

  /** Starts a measurement window: counters and histogram back to zero; in-flight accounting carries on. */
  Future<Void> reset() {
    return call(() -> {
      sent = 0;
      received = 0;
      errors = 0;
      latency.reset();
      return null;
    });
  }

  Future<Stats> stats() {
    return call(() -> new Stats(sent, received, errors, firstError, closed, latency.copy()));
  }

  Future<Boolean> deflate() {
    return call(() -> deflateNegotiated);
  }

  int lanes() {
    return lanes.size();
  }

  private void stopTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  @Override
  public Future<?> stop() {
    stopTimer();
    closing = true;
    List<Future<Void>> closes = new ArrayList<>();
    for (WebSocket ws : sockets) {
      closes.add(ws.close());
    }
    return Future.join(closes).otherwiseEmpty();
  }
}
