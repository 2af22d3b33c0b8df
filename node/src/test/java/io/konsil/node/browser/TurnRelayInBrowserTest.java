package io.konsil.node.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.FreePort;
import io.konsil.common.testing.TestTokens;
import io.konsil.node.KonsilNode;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code iceServers} a participant gets in {@code welcome} work against a real coturn: two relay-only peer
 * connections in real Chromium, using exactly those credentials, connect through the TURN server. A node with the
 * wrong TURN secret gets no relay candidate, so the test would see broken credentials.
 */
class TurnRelayInBrowserTest {
  private static final String TURN_SECRET = "turn-secret-" + System.nanoTime();
  private static final TestTokens TOKENS = new TestTokens();
  private static Vertx vertx;
  private static Coturn coturn;

  @BeforeAll
  static void start() throws Exception {
    assertTrue(Chromium.available(), "Chromium and chromedriver are needed (apt-get install chromium chromium-driver)");
    assertTrue(Coturn.available(), "coturn is needed (apt-get install coturn)");
    vertx = Vertx.vertx();
    coturn = Coturn.start(TURN_SECRET);
  }

  @AfterAll
  static void stop() throws Exception {
    if (coturn != null) {
      coturn.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  private static KonsilNode node(String turnSecret) throws Exception {
    KonsilConfig config = KonsilConfig.defaults(FreePort.find(), TestTokens.APP_ID, TestTokens.SECRET)
        .withTurn(new KonsilConfig.Turn(List.of(), coturn.uri(), turnSecret, Duration.ofMinutes(10)));
    return KonsilNode.start(vertx, config).await();
  }

  /**
   * In the page: join a room, take welcome.iceServers, connect two relay-only peer connections with a data channel
   * and send one message. Returns what happened, for the test to judge.
   */
  private static final String RELAY_SCRIPT = """
      const [wsUrl, done] = [arguments[0], arguments[arguments.length - 1]];
      const result = { relayCandidates: 0, open: false, echoed: null, error: null };
      const finish = () => done(result);
      setTimeout(finish, 12000);
      const ws = new WebSocket(wsUrl);
      ws.onerror = () => { result.error = 'signaling'; finish(); };
      ws.onmessage = async (e) => {
        const m = JSON.parse(e.data);
        if (m.type !== 'welcome') return;
        result.iceServers = m.iceServers.length;
        const config = { iceServers: m.iceServers, iceTransportPolicy: 'relay' };
        const a = new RTCPeerConnection(config), b = new RTCPeerConnection(config);
        a.onicecandidate = (ev) => { if (ev.candidate) { if (ev.candidate.candidate.includes(' typ relay ')) result.relayCandidates++; b.addIceCandidate(ev.candidate); } };
        b.onicecandidate = (ev) => { if (ev.candidate) a.addIceCandidate(ev.candidate); };
        a.onicegatheringstatechange = () => { if (a.iceGatheringState === 'complete' && result.relayCandidates === 0) finish(); };
        b.ondatachannel = (ev) => { ev.channel.onmessage = (msg) => { result.echoed = msg.data; finish(); }; };
        const channel = a.createDataChannel('probe');
        channel.onopen = () => { result.open = true; channel.send('through-turn'); };
        await a.setLocalDescription(await a.createOffer());
        await b.setRemoteDescription(a.localDescription);
        await b.setLocalDescription(await b.createAnswer());
        await a.setRemoteDescription(b.localDescription);
      };
      """;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> relay(KonsilNode node, String room) {
    try (Browser browser = Chromium.launch("turn", 800, 600, false)) {
      browser.open(node.baseUrl() + "/");
      String ws = node.baseUrl().replaceFirst("^http", "ws") + "/signal/" + room + "?jwt=" + TOKENS.gp(room);
      return (Map<String, Object>) browser.driver().executeAsyncScript(RELAY_SCRIPT, ws);
    }
  }

  @Test
  void welcomeCredentialsRelayMediaThroughARealCoturn() throws Exception {
    KonsilNode node = node(TURN_SECRET);
    try {
      Map<String, Object> r = relay(node, "turn-ok");
      assertEquals(null, r.get("error"));
      assertTrue(((Number) r.get("relayCandidates")).intValue() > 0, "coturn allocated a relay: " + r + "\n" + coturn.log());
      assertEquals(Boolean.TRUE, r.get("open"), "the peers connected over the relay: " + r);
      assertEquals("through-turn", r.get("echoed"));
    } finally {
      node.stop().await();
    }
  }

  @Test
  void credentialsSignedWithAnotherSecretAreRefusedByCoturn() throws Exception {
    KonsilNode node = node("not-the-coturn-secret");
    try {
      Map<String, Object> r = relay(node, "turn-bad");
      assertEquals(0, ((Number) r.get("relayCandidates")).intValue(), "no relay without valid credentials: " + r);
      assertEquals(Boolean.FALSE, r.get("open"));
    } finally {
      node.stop().await();
    }
  }
}
