package io.konsil.webclient;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.http.Feature;
import io.konsil.common.room.RoomName;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The browser app: static ES modules from the classpath, the Jitsi-compatible {@code /external_api.js} and the
 * call page at {@code /{room}?jwt=TOKEN}. Mounted last, because the call page is a catch-all for one path segment.
 */
public final class WebClientFeature implements Feature {
  static final String ROOT = "konsil-web";
  /** Paths owned by other features or the node; a room can never be called this. */
  private static final Set<String> RESERVED =
      Set.of("api", "signal", "health", "metrics", "assets", "favicon.ico", "external_api.js", "embed-example.html");

  private final String cspHead;
  private final String cspTail;
  /** The network's other nodes: the call page may reconnect there (failover), so connect-src names them. */
  private final Supplier<Set<String>> networkOrigins;
  private final Buffer appPage;
  /** The app page sent with status 404: it says in the page's language that the address does not exist. */
  private final Buffer notFoundPage;
  private final Buffer externalApi;
  private final Buffer embedExample;

  private WebClientFeature(KonsilConfig config, Supplier<Set<String>> networkOrigins) {
    List<String> ancestors = new ArrayList<>();
    ancestors.add("'self'");
    for (String origin : config.embedOrigins()) {
      ancestors.add(origin);
    }
    // connect-src 'self' covers ws(s) to the same host in CSP Level 3; media from getUserMedia arrives as blob/mediastream.
    // frame-src adds the public origin so that the IFrame API example works when the node is reached by another name.
    String frames = "'self'" + publicOrigin(config.publicUrl()).map(o -> " " + o).orElse("");
    this.cspHead = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        + "media-src 'self' blob: mediastream:; connect-src 'self'";
    this.cspTail = "; object-src 'none'; base-uri 'none'; "
        + "form-action 'self'; frame-src " + frames + "; frame-ancestors " + String.join(" ", ancestors);
    this.networkOrigins = networkOrigins;
    // The IFrame API bridge reads the allowed parent origins from the page; no inline script is needed for that.
    String origins = String.join(" ", config.embedOrigins());
    String page = resource("index.html").replace("{{EMBED_ORIGINS}}", escapeAttribute(origins));
    this.appPage = Buffer.buffer(page.replace("{{PAGE}}", "app"));
    this.notFoundPage = Buffer.buffer(page.replace("{{PAGE}}", "not-found"));
    this.externalApi = Buffer.buffer(resource("external_api.js"));
    this.embedExample = Buffer.buffer(resource("embed-example.html"));
  }

  public static WebClientFeature create(KonsilConfig config) {
    return new WebClientFeature(config, Set::of);
  }

  /** On a network: {@code networkOrigins} lists the other nodes' origins (http(s)://host:port). */
  public static WebClientFeature create(KonsilConfig config, Supplier<Set<String>> networkOrigins) {
    return new WebClientFeature(config, networkOrigins);
  }

  @Override
  public String name() {
    return "web-client";
  }

  @Override
  public List<String> links(String baseUrl) {
    return List.of("Web client: " + baseUrl + "/", "IFrame API example: " + baseUrl + "/embed-example.html");
  }

  @Override
  public void mount(Router router) {
    // A prefix route hands StaticHandler only the rest of the path, so it is rooted at the assets folder.
    StaticHandler assets = staticFrom(ROOT + "/assets");
    Handler<RoutingContext> headers = ctx -> {
      securityHeaders(ctx);
      ctx.next();
    };
    router.route("/assets/*").handler(headers).handler(assets);
    router.get("/external_api.js").handler(ctx -> {
      securityHeaders(ctx);
      // Portals load this cross-origin with a plain <script src>; it must stay fresh when the node is upgraded.
      ctx.response().putHeader("Content-Type", "text/javascript; charset=utf-8").putHeader("Cache-Control", "no-cache")
          .end(externalApi);
    });
    router.get("/embed-example.html").handler(ctx -> {
      securityHeaders(ctx);
      ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache")
          .end(embedExample);
    });
    router.get("/").handler(ctx -> {
      securityHeaders(ctx);
      page(ctx);
    });
    router.getWithRegex("/([^/]+)").handler(ctx -> {
      String room = ctx.pathParam("param0");
      if (room == null || RESERVED.contains(room) || !RoomName.isValid(room)) {
        ctx.next();
        return;
      }
      securityHeaders(ctx);
      page(ctx);
    });
    // Mounted last: any other address a browser asks for gets a real page (title, language, a way back) with 404,
    // not a bare "Resource not found". API and asset paths keep their own answers.
    router.get().handler(ctx -> {
      String accept = ctx.request().getHeader("Accept");
      String path = ctx.normalizedPath();
      if (accept == null || !accept.contains("text/html") || path.startsWith("/api/") || path.startsWith("/assets/")
          || path.startsWith("/signal/")) {
        ctx.next();
        return;
      }
      securityHeaders(ctx);
      ctx.response().setStatusCode(404)
          .putHeader("Content-Type", "text/html; charset=utf-8")
          .putHeader("Cache-Control", "no-store")
          .end(notFoundPage);
    });
  }

  private static StaticHandler staticFrom(String root) {
    return StaticHandler.create(root).setCachingEnabled(false).setDirectoryListing(false).setIncludeHidden(false)
        .setDefaultContentEncoding("UTF-8");
  }

  /** connect-src adds each other node as http(s) (its /network/nodes) and ws(s) (its signaling). */
  String contentSecurityPolicy() {
    Set<String> peers = networkOrigins.get();
    if (peers.isEmpty()) {
      return cspHead + cspTail;
    }
    StringBuilder csp = new StringBuilder(cspHead);
    for (String origin : peers) {
      csp.append(' ').append(origin).append(' ').append(origin.replaceFirst("^http", "ws"));
    }
    return csp.append(cspTail).toString();
  }

  private void securityHeaders(RoutingContext ctx) {
    HttpServerResponse res = ctx.response();
    res.putHeader("Content-Security-Policy", contentSecurityPolicy());
    res.putHeader("X-Content-Type-Options", "nosniff");
    // The call URL carries a token; it must never leak through a Referer header.
    res.putHeader("Referrer-Policy", "no-referrer");
  }

  private void page(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(appPage);
  }

  private static String resource(String name) {
    try (InputStream in = WebClientFeature.class.getClassLoader().getResourceAsStream(ROOT + "/" + name)) {
      if (in == null) {
        throw new IllegalStateException("web client resource missing: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static java.util.Optional<String> publicOrigin(String publicUrl) {
    if (publicUrl == null) {
      return java.util.Optional.empty();
    }
    try {
      java.net.URI uri = java.net.URI.create(publicUrl);
      if (uri.getScheme() == null || uri.getHost() == null) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  private static String escapeAttribute(String s) {
    return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
