package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.token.TokenVerifier;
import io.konsil.common.testing.ScriptedSocket;
import io.konsil.common.testing.TestServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The meters as Prometheus scrapes them, under the names docs/protocol.md lists. */
class MetricsTest extends SignalingTestBase {

  @Test
  void signalingMetersAppearInPrometheusUnderTheDocumentedNames() {
    stopServer();
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry = prometheus;
    feature = SignalingFeature.create(vertx, config(), TokenVerifier.create(vertx, config().jwt()), prometheus);
    server = await(TestServer.start(vertx, SignalingFeature.configure(new HttpServerOptions(), signaling()), feature));

    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    gp.send(new JsonObject().put("type", "offer").put("to", patient.participantId()).put("sdp", "v=0"));
    patient.next("offer");
    gp.socket().sendText("{oops");
    gp.next("error");
    await(ScriptedSocket.refused(vertx, url(room, "garbage")));

    String scrape = prometheus.scrape();
    for (String line : new String[] {
        "konsil_ws_connections 2.0",
        "konsil_rooms 1.0",
        "konsil_participants{state=\"in-call\"} 2.0",
        "konsil_participants{state=\"in-lobby\"} 0.0",
        "konsil_frames_relayed_total{type=\"offer\"} 1.0",
        "konsil_signaling_errors_total{code=\"malformed-json\"} 1.0",
        "konsil_token_refusals_total{reason=\"token-malformed\"} 1.0",
        "konsil_handshake_refusals_total{reason=\"token-malformed\"} 1.0",
        "konsil_lobby_wait_seconds_count{outcome=\"admitted\"} 1",
        "konsil_lobby_wait_seconds_bucket{outcome=\"admitted\",le="}) {
      assertTrue(scrape.contains(line), () -> "missing " + line + " in\n" + scrape);
    }
  }
}
