package io.konsil.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.ScriptedSocket;
import io.konsil.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node given a certificate serves HTTPS and WSS only, and tells browsers to stay on HTTPS (HSTS). */
class TlsNodeTest {
  private static final TestTokens TOKENS = new TestTokens();
  @TempDir
  static Path dir;
  private static Vertx vertx;
  private static KonsilNode node;
  private static SelfSignedCertificate cert;
  private static WebClient https;

  @BeforeAll
  static void start() throws Exception {
    cert = SelfSignedCertificate.create(dir);
    vertx = Vertx.vertx();
    KonsilConfig base = KonsilConfig.defaults(0, TestTokens.APP_ID, TestTokens.SECRET).withDemo(true);
    KonsilConfig.Tls tls = new KonsilConfig.Tls(cert.cert().toString(), cert.key().toString(), Duration.ofDays(365));
    node = KonsilNode.start(vertx, base.withHttp(new KonsilConfig.Http(tls, KonsilConfig.RateLimits.defaults(), false)))
        .await();
    https = WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(cert.cert().toString())));
  }

  @AfterAll
  static void stop() throws Exception {
    node.stop().await();
    vertx.close().await();
  }

  private static HttpResponse<Buffer> get(String path) throws Exception {
    return https.get(node.port(), "localhost", path).send().await();
  }

  @Test
  void everyResponseOverTlsCarriesStrictTransportSecurity() throws Exception {
    assertTrue(node.baseUrl().startsWith("https://localhost:"), node.baseUrl());
    for (String path : new String[] {"/health", "/api/v1/openapi.yaml", "/api/v1/slots", "/api/v1/no-such", "/"}) {
      HttpResponse<Buffer> r = get(path);
      assertEquals("max-age=31536000", r.getHeader("Strict-Transport-Security"), path + " " + r.statusCode());
    }
    assertEquals(200, get("/health").statusCode());
    assertEquals(401, get("/api/v1/slots").statusCode());
  }

  @Test
  void plainHttpOnTheTlsPortAndAClientThatDoesNotTrustTheCertificateGetNothing() {
    WebClient plain = WebClient.create(vertx);
    assertThrows(Exception.class, () -> plain.get(node.port(), "localhost", "/health").send().await());
    WebClient untrusting = WebClient.create(vertx, new WebClientOptions().setSsl(true));
    assertThrows(Exception.class, () -> untrusting.get(node.port(), "localhost", "/health").send().await());
  }

  @Test
  void signalingWorksOverWss() throws Exception {
    String room = "konsil-tls-room";
    WebSocketClientOptions options = new WebSocketClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(cert.cert().toString()));
    ScriptedSocket gp = ScriptedSocket.connect(vertx, options,
        ScriptedSocket.options("wss://localhost:" + node.port() + "/signal/" + room + "?jwt=" + TOKENS.gp(room)))
        .await();
    assertEquals(room, gp.next("welcome").await().getString("room"));
    gp.close().await();
  }
}
