package io.konsil.webclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.http.Feature;
import io.konsil.common.testing.TestServer;
import io.konsil.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the node relies on: the app, the call page at /{room}, the IFrame API script, and the security headers. */
@ExtendWith(VertxExtension.class)
class WebClientFeatureTest {
  private static Vertx vertx;
  private static TestServer server;
  private static WebClient http;

  /** Stands in for the features mounted before the web client (signaling, scheduler, node health). */
  private static final Feature EARLIER = new Feature() {
    public String name() {
      return "earlier";
    }

    public void mount(Router router) {
      router.get("/health").handler(ctx -> ctx.end("health"));
      router.get("/api").handler(ctx -> ctx.end("api-root"));
    }
  };

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    KonsilConfig config = KonsilConfig.defaults(0, TestTokens.APP_ID, TestTokens.SECRET)
        .withEmbedOrigins(List.of("https://portal.example.no", "https://helse.example.no"));
    server = TestServer.start(vertx, EARLIER, WebClientFeature.create(config)).await();
    http = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop().await();
    vertx.close().await();
  }

  private HttpResponse<Buffer> get(String path) throws Exception {
    return http.get(server.port(), "127.0.0.1", path).send().await();
  }

  @Test
  void aJitsiStyleRoomUrlOpensTheCallPageWithProtectiveHeaders() throws Exception {
    HttpResponse<Buffer> r = get("/konsil-7f3c9a?jwt=abc.def.ghi");
    assertEquals(200, r.statusCode());
    assertTrue(r.getHeader("Content-Type").startsWith("text/html"));
    assertTrue(r.bodyAsString().contains("/assets/js/main.js"));
    assertEquals("no-referrer", r.getHeader("Referrer-Policy"), "the call URL carries a token");
    assertEquals("nosniff", r.getHeader("X-Content-Type-Options"));
    assertEquals("no-store", r.getHeader("Cache-Control"));
    String csp = r.getHeader("Content-Security-Policy");
    assertTrue(csp.contains("frame-ancestors 'self' https://portal.example.no https://helse.example.no"), csp);
    assertTrue(csp.contains("script-src 'self'"), csp);
    assertFalse(csp.contains("unsafe-inline"), csp);
    assertTrue(csp.contains("frame-src 'self' http://localhost"), "the example page may frame the public origin: " + csp);
  }

  @Test
  void onANetworkConnectSrcNamesTheOtherLiveNodesAndFollowsTheirChanges() {
    java.util.concurrent.atomic.AtomicReference<java.util.Set<String>> live =
        new java.util.concurrent.atomic.AtomicReference<>(java.util.Set.of());
    WebClientFeature web = WebClientFeature.create(KonsilConfig.defaults(0, TestTokens.APP_ID, TestTokens.SECRET),
        live::get);
    String alone = web.contentSecurityPolicy();
    assertTrue(alone.contains("connect-src 'self';"), alone);

    live.set(java.util.Set.of("https://ous.konsil.example", "http://127.0.0.1:8081"));
    String network = web.contentSecurityPolicy();
    String connect = network.replaceAll(".*connect-src ([^;]*);.*", "$1");
    for (String expected : List.of("'self'", "https://ous.konsil.example", "wss://ous.konsil.example",
        "http://127.0.0.1:8081", "ws://127.0.0.1:8081")) {
      assertTrue(List.of(connect.split(" ")).contains(expected), expected + " in " + connect);
    }
    assertTrue(network.contains("script-src 'self';") && network.contains("object-src 'none'"), network);

    live.set(java.util.Set.of());
    assertEquals(alone, web.contentSecurityPolicy(), "a node that left is no longer named");
  }

  @Test
  void theIframeBridgeLearnsTheAllowedPortalsFromThePage() throws Exception {
    String page = get("/konsil-room").bodyAsString();
    assertTrue(page.contains("content=\"https://portal.example.no https://helse.example.no\""), page);
  }

  @Test
  void theAppAndItsModulesAreServed() throws Exception {
    assertEquals(200, get("/").statusCode());
    HttpResponse<Buffer> js = get("/assets/js/call/page.js");
    assertEquals(200, js.statusCode());
    assertTrue(js.getHeader("Content-Type").contains("javascript"), js.getHeader("Content-Type"));
    assertEquals(200, get("/assets/app.css").statusCode());
    assertEquals(404, get("/assets/js/nothing-here.js").statusCode());
  }

  @Test
  void theExternalApiScriptIsJitsiShaped() throws Exception {
    HttpResponse<Buffer> r = get("/external_api.js");
    assertEquals(200, r.statusCode());
    assertTrue(r.getHeader("Content-Type").startsWith("text/javascript"));
    String body = r.bodyAsString();
    assertTrue(body.contains("global.JitsiMeetExternalAPI = JitsiMeetExternalAPI"));
    for (String api : List.of("executeCommand", "addListener", "addEventListener", "dispose", "isAudioMuted")) {
      assertTrue(body.contains("prototype." + api), api);
    }
    assertEquals(200, get("/embed-example.html").statusCode());
  }

  @Test
  void routesOfOtherFeaturesAndNonRoomPathsAreNotShadowed() throws Exception {
    assertEquals("health", get("/health").bodyAsString());
    assertEquals("api-root", get("/api").bodyAsString());
    // Reserved first segments and names with dots are never taken for rooms.
    assertEquals(404, get("/metrics").statusCode());
    assertEquals(404, get("/signal").statusCode());
    assertEquals(404, get("/robots.txt").statusCode());
    assertEquals(404, get("/a/b").statusCode());
  }

  @Test
  void aBrowserAskingForAnAddressThatDoesNotExistGetsAPageWithTitleAndLanguageAnd404() throws Exception {
    HttpResponse<Buffer> r = http.get(server.port(), "127.0.0.1", "/a/b").putHeader("Accept", "text/html,*/*").send().await();
    assertEquals(404, r.statusCode());
    assertTrue(r.getHeader("Content-Type").startsWith("text/html"));
    String page = r.bodyAsString();
    assertTrue(page.contains("<html lang=\"en\">") && page.contains("<title>"), page);
    assertTrue(page.contains("name=\"konsil-page\" content=\"not-found\""), page);
    assertTrue(r.getHeader("Content-Security-Policy").contains("script-src 'self'"));
    // The app itself says it is the app; scripts, the API and other clients keep plain 404s.
    assertTrue(get("/").bodyAsString().contains("name=\"konsil-page\" content=\"app\""));
    HttpResponse<Buffer> api = http.get(server.port(), "127.0.0.1", "/api/v1/nothing").putHeader("Accept", "text/html").send().await();
    assertEquals(404, api.statusCode());
    assertFalse(api.bodyAsString().contains("konsil-page"));
  }

  @Test
  void everyModuleOfTheAppIsPreloadedSoThatNoImportWaitsForAnother() throws Exception {
    String page = get("/").bodyAsString();
    java.nio.file.Path js = java.nio.file.Path.of("src/main/resources/konsil-web/assets/js");
    try (var files = java.nio.file.Files.walk(js)) {
      for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".js")).toList()) {
        String url = "/assets/js/" + js.relativize(f).toString().replace('\\', '/');
        if (url.endsWith("/main.js") || url.endsWith("/embed-example.js")) {
          continue;
        }
        assertTrue(page.contains("<link rel=\"modulepreload\" href=\"" + url + "\">"), "not preloaded: " + url);
        assertEquals(200, get(url).statusCode(), url);
      }
    }
  }
}
