package io.konsil.common.config;

import io.konsil.common.identity.IdentityProvider;
import io.konsil.common.ratelimit.Rate;
import java.time.Duration;
import java.util.List;

/**
 * Everything a node is configured with, parsed once by the launcher and passed down by constructor.
 * No module reads flags or environment variables itself.
 */
public record KonsilConfig(
    int port,
    String host,
    Redis redis,
    String nodeId,
    String hospital,
    String publicUrl,
    boolean demo,
    Jwt jwt,
    Turn turn,
    Signaling signaling,
    Booking booking,
    List<String> embedOrigins,
    Media media,
    Http http,
    LogFormat logFormat) {

  /** A configuration with the default edge settings ({@link Http#defaults()}) and human-readable logs. */
  public KonsilConfig(int port, String host, Redis redis, String nodeId, String hospital, String publicUrl, boolean demo,
      Jwt jwt, Turn turn, Signaling signaling, Booking booking, List<String> embedOrigins, Media media) {
    this(port, host, redis, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins, media,
        Http.defaults(), LogFormat.TEXT);
  }

  /**
   * Where the network's shared state lives; null on an embedded (single-node, in-memory) node. Exactly one of
   * {@code uri} ({@code redis://}, {@code rediss://} or {@code redis-sentinel://HOST:PORT[,HOST:PORT]#MASTER}) and
   * {@code clusterSeeds} is set. {@code waitReplicas} &gt; 0 makes bookings, holds and cancels wait for that many
   * replicas ({@code WAIT}) before they are acknowledged; {@code commandTimeout} bounds every Redis call so that what
   * needs Redis fails fast while it is unreachable.
   */
  public record Redis(String uri, List<String> clusterSeeds, int waitReplicas, Duration commandTimeout) {
    public static Redis standalone(String uri) {
      return new Redis(uri, List.of(), 0, Duration.ofSeconds(1));
    }

    public static Redis cluster(List<String> seeds) {
      return new Redis(null, List.copyOf(seeds), 0, Duration.ofSeconds(1));
    }

    public boolean isCluster() {
      return uri == null;
    }

    public Redis withWaitReplicas(int n) {
      return new Redis(uri, clusterSeeds, n, commandTimeout);
    }
  }

  /**
   * Token settings; {@code secret} is never null: without one the launcher generates a random secret.
   * {@code identityProviders} are the trusted OpenID Connect issuers. Published keys (JWKS of {@code jwksUrls} and of
   * the identity providers) are fetched again when older than {@code jwksMaxAge}, or when a token names an unknown
   * {@code kid} — but never more often than every {@code jwksMinRefresh}, so forged kids cannot hammer a provider.
   */
  public record Jwt(
      String appId,
      String secret,
      boolean secretGenerated,
      List<String> jwksUrls,
      List<String> acceptedIssuers,
      List<String> acceptedAudiences,
      Duration clockSkew,
      List<IdentityProvider> identityProviders,
      Duration jwksMinRefresh,
      Duration jwksMaxAge) {

    public static final Duration DEFAULT_JWKS_MIN_REFRESH = Duration.ofSeconds(30);
    public static final Duration DEFAULT_JWKS_MAX_AGE = Duration.ofMinutes(10);

    /** Jitsi-style settings without identity providers. */
    public Jwt(String appId, String secret, boolean secretGenerated, List<String> jwksUrls, List<String> acceptedIssuers,
        List<String> acceptedAudiences, Duration clockSkew) {
      this(appId, secret, secretGenerated, jwksUrls, acceptedIssuers, acceptedAudiences, clockSkew, List.of(),
          DEFAULT_JWKS_MIN_REFRESH, DEFAULT_JWKS_MAX_AGE);
    }

    public Jwt withIdentityProviders(List<IdentityProvider> providers, Duration minRefresh, Duration maxAge) {
      return new Jwt(appId, secret, secretGenerated, jwksUrls, acceptedIssuers, acceptedAudiences, clockSkew,
          List.copyOf(providers), minRefresh, maxAge);
    }
  }

  /** coturn REST-API credentials; {@code uri} null means STUN only. */
  public record Turn(List<String> stunUris, String uri, String secret, Duration ttl) {}

  public record Signaling(
      int maxParticipants,
      int maxFrameBytes,
      int messagesPerSecond,
      int messageBurst,
      int maxConnectionsPerToken,
      Duration idleTimeout,
      Duration resumeGrace,
      int chatHistory,
      List<String> allowedOrigins,
      boolean perMessageDeflate) {}

  /**
   * The media server for calls above {@code meshMax} participants: Janus ({@code janusWs}, its WebSocket transport) or
   * Kurento ({@code kurentoWs}); neither means every call stays peer to peer and admission beyond {@code meshMax} is
   * refused. {@code recordingDir} is where the media server writes recordings, on its own host.
   */
  public record Media(String janusWs, String kurentoWs, int meshMax, String recordingDir) {
    public static final int DEFAULT_MESH_MAX = 4;

    public static Media none() {
      return new Media(null, null, DEFAULT_MESH_MAX, null);
    }

    public boolean hasServer() {
      return janusWs != null || kurentoWs != null;
    }
  }

  public record Booking(Duration holdTtl, Duration joinBefore, Duration joinGrace, int slotHorizonDays) {}

  /**
   * What faces the network: TLS ({@code tls} null: plain HTTP, e.g. behind a TLS-terminating proxy), abuse limits,
   * and whether the client address is the last entry of {@code X-Forwarded-For} (only behind a proxy that sets it).
   */
  public record Http(Tls tls, RateLimits rateLimits, boolean trustForwardedFor) {
    public static Http defaults() {
      return new Http(null, RateLimits.defaults(), false);
    }
  }

  /** PEM files of the certificate chain and the private key; {@code hstsMaxAge} goes into Strict-Transport-Security. */
  public record Tls(String certPath, String keyPath, Duration hstsMaxAge) {
    public static final Duration DEFAULT_HSTS_MAX_AGE = Duration.ofDays(365);
  }

  /**
   * Per-node limits on what is costly or guessable: demo sign-in, booking, holds and signaling connects. A null rate
   * means no limit of that kind. In a network of nodes each node counts for itself.
   */
  public record RateLimits(Limit signIn, Limit booking, Limit hold, Limit connect) {
    /** Per user (by verified token) and per client address. */
    public record Limit(Rate perUser, Rate perAddress) {}

    public static RateLimits defaults() {
      return new RateLimits(
          new Limit(null, Rate.perMinute(30)),
          new Limit(Rate.perMinute(30), Rate.perMinute(600)),
          new Limit(Rate.perMinute(60), Rate.perMinute(1200)),
          new Limit(Rate.perMinute(30), Rate.perMinute(600)));
    }

    public static RateLimits off() {
      Limit none = new Limit(null, null);
      return new RateLimits(none, none, none, none);
    }
  }

  /** {@code TEXT}: one human-readable line per event; {@code JSON}: one JSON object per line, for log shippers. */
  public enum LogFormat { TEXT, JSON }

  /** Defaults for tests and the embedded node: every limit as documented in docs/operations.md. */
  public static KonsilConfig defaults(int port, String appId, String secret) {
    return new KonsilConfig(
        port,
        "0.0.0.0",
        null,
        "node-1",
        null,
        "http://localhost:" + port,
        false,
        new Jwt(appId, secret, false, List.of(), List.of(), List.of(), Duration.ofSeconds(30)),
        new Turn(List.of(), null, null, Duration.ofHours(12)),
        defaultSignaling(),
        new Booking(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30), 14),
        List.of(),
        Media.none());
  }

  public static Signaling defaultSignaling() {
    return new Signaling(8, 64 * 1024, 50, 100, 3, Duration.ofSeconds(60), Duration.ofSeconds(30), 50, List.of(), false);
  }

  public KonsilConfig withPort(int port, String publicUrl) {
    return new KonsilConfig(port, host, redis, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins, media, http, logFormat);
  }

  public KonsilConfig withJwt(Jwt jwt) {
    return new KonsilConfig(port, host, redis, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins, media, http, logFormat);
  }

  public KonsilConfig withMedia(Media media) {
    return new KonsilConfig(port, host, redis, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins, media, http, logFormat);
  }

  public KonsilConfig withRedis(Redis redis) {
    return new KonsilConfig(port, host, redis, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins, media, http, logFormat);
  }

  public KonsilConfig withNodeId(String nodeId) {
    return new KonsilConfig(port, host, redis, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins, media, http, logFormat);
  }

  public KonsilConfig withDemo(boolean demo) {
    return new KonsilConfig(port, host, redis, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins, media, http, logFormat);
  }

  public KonsilConfig withSignaling(Signaling signaling) {
    return new KonsilConfig(port, host, redis, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins, media, http, logFormat);
  }

  public KonsilConfig withTurn(Turn turn) {
    return new KonsilConfig(port, host, redis, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins, media, http, logFormat);
  }

  public KonsilConfig withBooking(Booking booking) {
    return new KonsilConfig(port, host, redis, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins, media, http, logFormat);
  }

  public KonsilConfig withHttp(Http http) {
    return new KonsilConfig(port, host, redis, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins, media, http, logFormat);
  }

  public KonsilConfig withLogFormat(LogFormat logFormat) {
    return new KonsilConfig(port, host, redis, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins, media, http, logFormat);
  }

  public KonsilConfig withEmbedOrigins(List<String> embedOrigins) {
    return new KonsilConfig(port, host, redis, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins, media, http, logFormat);
  }
}
