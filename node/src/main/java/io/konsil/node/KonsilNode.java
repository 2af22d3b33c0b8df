package io.konsil.node;

import io.konsil.common.audit.AuditTrail;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.http.Feature;
import io.konsil.common.http.HttpLimits;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.token.TokenIssuer;
import io.konsil.common.token.TokenVerifier;
import io.konsil.fhir.FhirFeature;
import io.konsil.scheduler.SchedulerFeature;
import io.konsil.scheduler.Stores;
import io.konsil.signaling.SignalingFeature;
import io.konsil.webclient.WebClientFeature;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Konsil node: the features (signaling, scheduler, web client) wired into one Vert.x instance behind one HTTP
 * port, plus /health and /metrics. The only place that knows all modules.
 */
public final class KonsilNode {
  private static final Logger LOG = LoggerFactory.getLogger(KonsilNode.class);

  private final Vertx vertx;
  private final KonsilConfig config;
  private final HttpServer server;
  private final List<Feature> features;
  private final TokenIssuer issuer;
  private final PrometheusMeterRegistry registry;
  private final RedisGateway redis;
  private final AuditAnchor anchor;
  private Future<Void> stopping;

  private KonsilNode(Vertx vertx, KonsilConfig config, HttpServer server, List<Feature> features, TokenIssuer issuer,
      PrometheusMeterRegistry registry, RedisGateway redis, AuditAnchor anchor) {
    this.vertx = vertx;
    this.anchor = anchor;
    this.config = config;
    this.server = server;
    this.features = features;
    this.issuer = issuer;
    this.registry = registry;
    this.redis = redis;
  }

  public static Future<KonsilNode> start(Vertx vertx, KonsilConfig requested) {
    KonsilConfig config = withConcretePort(requested);
    // Meters are bound here, on the caller's thread: binding the JVM meters takes a while and must not stall an event loop.
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("node", config.nodeId());
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);

    Future<RedisGateway> redis = config.redis() == null ? Future.succeededFuture()
        : RedisGateway.connect(vertx, config.redis()).recover(err -> Future.failedFuture(new IllegalStateException(
            "cannot reach Redis at " + describe(config.redis()) + ": " + rootMessage(err), err)));
    return redis.compose(gateway -> start(vertx, config, gateway, registry)
        .onFailure(err -> {
          if (gateway != null) {
            gateway.close();
          }
        }));
  }

  private static Future<KonsilNode> start(Vertx vertx, KonsilConfig config, RedisGateway redis,
      PrometheusMeterRegistry registry) {
    TokenVerifier verifier = TokenVerifier.create(vertx, config.jwt());
    TokenIssuer issuer = new TokenIssuer(config.jwt());
    // Signaling asks the scheduler which consultation a room belongs to (the waiting room shows who and when), and
    // the scheduler follows signaling's presence: the directory is bound once both exist.
    // On a network every feature's state is in the one Redis; embedded, in this node's memory.
    Stores stores = redis == null ? Stores.inMemory() : Stores.redis(redis);
    // One audit trail for both features: REST accesses (scheduler) and consultation events (signaling).
    AuditTrail audit = redis == null ? AuditTrail.inMemory(Clock.systemUTC(), config.nodeId())
        : AuditTrail.redis(redis, Clock.systemUTC(), config.nodeId());
    SignalingFeature signaling = SignalingFeature.create(vertx, config, verifier, registry, redis,
        SchedulerFeature.roomDirectory(stores), audit);
    SchedulerFeature scheduler = SchedulerFeature.create(vertx, config, verifier, issuer, signaling.presence(), registry,
        Clock.systemUTC(), stores, audit);
    // FHIR R4 under /fhir: a facade over the scheduler's services, behind the same tokens.
    FhirFeature fhir = FhirFeature.create(vertx, verifier, scheduler, config.publicUrl());
    WebClientFeature web = WebClientFeature.create(config, signaling.networkOrigins());
    // Order matters: the web client owns the catch-all /{room} call page and goes last.
    List<Feature> features = List.of(signaling, scheduler, fhir, web);

    Router router = HttpLimits.answerMalformedPaths(Router.router(vertx));
    Https.mount(router, config.http().tls());
    router.route().handler(new AccessLog());
    new AbuseLimits(config.http(), verifier, registry, Clock.systemUTC()).mount(router, config.http().rateLimits());
    new Operations(registry, features, config.nodeId()).mount(router);

    Future<Void> started = Future.succeededFuture();
    for (Feature f : features) {
      started = started.compose(v -> f.start());
    }
    HttpServerOptions options = Https.apply(SignalingFeature.configure(HttpLimits.apply(
        new HttpServerOptions().setPort(config.port()).setHost(config.host()).setCompressionSupported(true)),
        config.signaling()), config.http().tls());
    return started
        .compose(v -> {
          features.forEach(f -> f.mount(router));
          return HttpLimits.answerInvalidRequests(vertx.createHttpServer(options)).requestHandler(router).listen();
        })
        .compose(server -> {
          // The trail's head in the log, now and as it grows: points a trail rewritten whole no longer passes through.
          AuditAnchor anchor = new AuditAnchor(vertx, audit);
          return anchor.start(AuditAnchor.EVERY)
              .map(v -> new KonsilNode(vertx, config, server, features, issuer, registry, redis, anchor));
        });
  }

  /** Where Redis is, for messages: never the password of a URI. */
  private static String describe(KonsilConfig.Redis redis) {
    String where = redis.isCluster() ? String.join(",", redis.clusterSeeds()) : redis.uri();
    return where.replaceAll("//[^@/]*@", "//***@");
  }

  private static String rootMessage(Throwable err) {
    Throwable t = err;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  /**
   * Port 0 (tests, benchmarks) means "any free port"; it is chosen here, before the features are built, because the
   * scheduler writes the public URL into join and invite links.
   */
  private static KonsilConfig withConcretePort(KonsilConfig config) {
    if (config.port() != 0) {
      return config;
    }
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String scheme = config.http().tls() == null ? "http" : "https";
    boolean defaultUrl = config.publicUrl() == null || config.publicUrl().matches("https?://localhost:0");
    return config.withPort(port, defaultUrl ? scheme + "://localhost:" + port : config.publicUrl());
  }

  public int port() {
    return server.actualPort();
  }

  /** Where users reach this node (the configured public URL). */
  public String baseUrl() {
    return config.publicUrl();
  }

  public TokenIssuer issuer() {
    return issuer;
  }

  public KonsilConfig config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public List<String> links() {
    List<String> lines = new ArrayList<>();
    features.forEach(f -> lines.addAll(f.links(baseUrl())));
    return lines;
  }

  /** Graceful stop: stop accepting, let every feature tell its clients and drain (in reverse order), then close. */
  public synchronized Future<Void> stop() {
    if (stopping == null) {
      LOG.info("node {} shutting down", config.nodeId());
      Future<Void> down = Future.succeededFuture();
      for (int i = features.size() - 1; i >= 0; i--) {
        Feature f = features.get(i);
        down = down.compose(v -> f.shutdown().recover(err -> {
          LOG.warn("{} shutdown failed: {}", f.name(), err.getMessage());
          return Future.succeededFuture();
        }));
      }
      stopping = down.eventually(anchor::stop).eventually(server::close)
          .eventually(() -> redis == null ? Future.succeededFuture() : redis.close())
          .onComplete(ar -> registry.close());
    }
    return stopping;
  }
}
