package io.konsil.signaling.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signaling's meters (scraped as Prometheus at /metrics; names as exposed in docs/protocol.md):
 * konsil_ws_connections, konsil_rooms, konsil_participants{state}, konsil_frames_relayed_total{type},
 * konsil_signaling_errors_total{code}, konsil_token_refusals_total{reason}, konsil_handshake_refusals_total{reason},
 * konsil_lobby_wait_seconds{outcome}.
 */
public final class SignalingMetrics {
  private final MeterRegistry registry;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger rooms = new AtomicInteger();
  private final AtomicInteger inCall = new AtomicInteger();
  private final AtomicInteger inLobby = new AtomicInteger();
  private final AtomicInteger reconnecting = new AtomicInteger();
  private final Map<String, Counter> relayed = new ConcurrentHashMap<>();
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();
  private final Counter auditFailures;
  private final Map<String, Counter> tokenRefusals = new ConcurrentHashMap<>();
  private final Map<String, Counter> handshakeRefusals = new ConcurrentHashMap<>();
  private final Map<String, Timer> lobbyWait = new ConcurrentHashMap<>();

  public SignalingMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.auditFailures = Counter.builder("konsil.audit.failures")
        .description("Audit entries of consultation events that could not be written").register(registry);
    Gauge.builder("konsil.ws.connections", connections, AtomicInteger::get)
        .description("Open signaling WebSocket connections").register(registry);
    Gauge.builder("konsil.rooms", rooms, AtomicInteger::get)
        .description("Rooms with at least one participant or pending connection").register(registry);
    Gauge.builder("konsil.participants", inCall, AtomicInteger::get).tag("state", "in-call")
        .description("Participants by state").register(registry);
    Gauge.builder("konsil.participants", inLobby, AtomicInteger::get).tag("state", "in-lobby")
        .description("Participants by state").register(registry);
    Gauge.builder("konsil.participants", reconnecting, AtomicInteger::get).tag("state", "reconnecting")
        .description("Participants by state").register(registry);
  }

  public void connectionOpened() {
    connections.incrementAndGet();
  }

  public void connectionClosed() {
    connections.decrementAndGet();
  }

  public int connections() {
    return connections.get();
  }

  public void rooms(int count) {
    rooms.set(count);
  }

  /** Adjusts the participant gauges; {@code state} is a presence wire name (in-call, in-lobby, reconnecting). */
  public void participants(String state, int delta) {
    switch (state) {
      case "in-call":
        inCall.addAndGet(delta);
        break;
      case "in-lobby":
        inLobby.addAndGet(delta);
        break;
      case "reconnecting":
        reconnecting.addAndGet(delta);
        break;
      default:
        break;
    }
  }

  public void relayed(String type) {
    relayed.computeIfAbsent(type, t -> Counter.builder("konsil.frames.relayed").tag("type", t)
        .description("Frames relayed to other participants").register(registry)).increment();
  }

  /** Consultation events the audit trail could not take (konsil_audit_failures_total). */
  public void auditFailed(int entries) {
    auditFailures.increment(entries);
  }

  public void error(String code) {
    errors.computeIfAbsent(code, c -> Counter.builder("konsil.signaling.errors").tag("code", c)
        .description("Error frames sent, by code").register(registry)).increment();
  }

  public void tokenRefused(String reason) {
    tokenRefusals.computeIfAbsent(reason, r -> Counter.builder("konsil.token.refusals").tag("reason", r)
        .description("Tokens refused at the signaling handshake, by reason").register(registry)).increment();
  }

  public void handshakeRefused(String reason) {
    handshakeRefusals.computeIfAbsent(reason, r -> Counter.builder("konsil.handshake.refusals").tag("reason", r)
        .description("Signaling handshakes refused, by reason (token reasons included)").register(registry)).increment();
  }

  /** Time from entering the lobby to leaving it; outcome admitted, denied or left. */
  public void lobbyWait(Duration waited, String outcome) {
    lobbyWait.computeIfAbsent(outcome, o -> Timer.builder("konsil.lobby.wait").tag("outcome", o)
        .description("Time spent waiting in the lobby")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(100))
        .maximumExpectedValue(Duration.ofHours(2))
        .register(registry)).record(waited);
  }
}
