package io.konsil.common.config;

import java.time.Duration;
import java.util.List;

/**
 * Everything a node is configured with, parsed once by the launcher and passed down by constructor.
 * No module reads flags or environment variables itself.
 */
public record KonsilConfig(
    int port,
    String host,
    String redisUri,
    String nodeId,
    String hospital,
    String publicUrl,
    boolean demo,
    Jwt jwt,
    Turn turn,
    Signaling signaling,
    Booking booking,
    List<String> embedOrigins) {

  /** Token settings; {@code secret} is never null: without one the launcher generates a random secret. */
  public record Jwt(
      String appId,
      String secret,
      boolean secretGenerated,
      List<String> jwksUrls,
      List<String> acceptedIssuers,
      List<String> acceptedAudiences,
      Duration clockSkew) {}

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

  public record Booking(Duration holdTtl, Duration joinBefore, Duration joinGrace, int slotHorizonDays) {}

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
        List.of());
  }

  public static Signaling defaultSignaling() {
    return new Signaling(8, 64 * 1024, 50, 100, 3, Duration.ofSeconds(60), Duration.ofSeconds(30), 50, List.of(), false);
  }

  public KonsilConfig withPort(int port, String publicUrl) {
    return new KonsilConfig(port, host, redisUri, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins);
  }

  public KonsilConfig withDemo(boolean demo) {
    return new KonsilConfig(port, host, redisUri, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins);
  }

  public KonsilConfig withSignaling(Signaling signaling) {
    return new KonsilConfig(port, host, redisUri, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins);
  }

  public KonsilConfig withTurn(Turn turn) {
    return new KonsilConfig(port, host, redisUri, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins);
  }

  public KonsilConfig withBooking(Booking booking) {
    return new KonsilConfig(port, host, redisUri, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins);
  }

  public KonsilConfig withEmbedOrigins(List<String> embedOrigins) {
    return new KonsilConfig(port, host, redisUri, nodeId, hospital, publicUrl, demo, jwt, turn, signaling, booking, embedOrigins);
  }
}
