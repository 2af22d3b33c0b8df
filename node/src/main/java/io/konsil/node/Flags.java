package io.konsil.node;

import io.konsil.common.config.KonsilConfig;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the node's command line (and KONSIL_* environment variables) into a {@link KonsilConfig}. Flags win over
 * the environment; repeatable flags take several occurrences or a comma-separated environment value.
 */
final class Flags {

  /** Thrown for any unusable flag; the launcher prints the message and exits with code 2. */
  static final class BadFlag extends RuntimeException {
    BadFlag(String message) {
      super(message);
    }
  }

  private record Spec(String name, boolean takesValue, boolean repeatable, String help) {}

  private static final List<Spec> SPECS = List.of(
      new Spec("port", true, false, "HTTP, REST and WebSocket port (default 8080)"),
      new Spec("host", true, false, "address to listen on (default 0.0.0.0)"),
      new Spec("public-url", true, false, "base URL users reach this node at, for links (default http://localhost:PORT)"),
      new Spec("redis", true, false,
          "join a network through Redis: redis://HOST:PORT, rediss://… or redis-sentinel://HOST:PORT[,HOST:PORT]#MASTER"),
      new Spec("redis-cluster", true, false, "Redis Cluster seed nodes: redis://HOST:PORT[,redis://HOST:PORT…]"),
      new Spec("redis-wait-replicas", true, false,
          "acknowledge bookings, holds and cancels only once WAIT confirms N replicas (default 0)"),
      new Spec("redis-timeout", true, false, "bound on every Redis call, e.g. 1s (default 1s)"),
      new Spec("node-id", true, false, "this node's name (default node-1)"),
      new Spec("hospital", true, false, "code of the hospital this node serves"),
      new Spec("jwt-app-id", true, false, "Jitsi app_id: expected iss/aud of HS256 tokens (default konsil)"),
      new Spec("jwt-secret", true, false, "Jitsi app_secret for HS256 tokens (default: random at start)"),
      new Spec("jwt-jwks", true, true, "JWKS URL for RS256/ES256 tokens (repeatable)"),
      new Spec("jwt-accepted-issuers", true, false, "comma-separated accepted iss values (default: the app id)"),
      new Spec("jwt-accepted-audiences", true, false, "comma-separated accepted aud values (default: the app id, jitsi)"),
      new Spec("demo", false, false, "load demo data and enable demo sign-in"),
      new Spec("turn-uri", true, true, "turn:HOST:PORT of a coturn server (repeatable)"),
      new Spec("turn-secret", true, false, "coturn static-auth-secret for REST-API credentials"),
      new Spec("turn-ttl", true, false, "lifetime of TURN credentials, e.g. 12h (default 12h)"),
      new Spec("stun-uri", true, true, "stun:HOST:PORT (repeatable; default: the TURN servers' hosts)"),
      new Spec("embed-origins", true, false, "comma-separated origins allowed to embed Konsil (external_api.js)"),
      new Spec("allowed-origins", true, false, "comma-separated Origin allowlist for /signal (default: any)"),
      new Spec("max-participants", true, false, "participants per room (default 8)"),
      new Spec("max-frame-bytes", true, false, "largest signaling frame (default 65536)"),
      new Spec("rate", true, false, "signaling messages per second per connection (default 50)"),
      new Spec("burst", true, false, "signaling message burst per connection (default 100)"),
      new Spec("max-connections-per-token", true, false, "open sockets per token (default 3)"),
      new Spec("idle-timeout", true, false, "close sockets silent this long, e.g. 60s (default 60s)"),
      new Spec("resume-grace", true, false, "how long a dropped participant may resume, e.g. 30s (default 30s)"),
      new Spec("janus-ws", true, false, "ws://HOST:PORT of Janus's WebSocket transport: calls above --mesh-max go through it"),
      new Spec("kurento-ws", true, false, "ws://HOST:PORT/kurento of a Kurento Media Server, instead of Janus"),
      new Spec("mesh-max", true, false, "participants a call keeps peer to peer (default 4); more need a media server"),
      new Spec("recording-dir", true, false, "where the media server writes recordings, on its host (default: its own)"),
      new Spec("ws-deflate", false, false, "accept WebSocket permessage-deflate (off by default, see docs/benchmarks.md)"),
      new Spec("help", false, false, "print this help"));

  private Flags() {}

  static String usage() {
    StringBuilder b = new StringBuilder("Usage: java -jar konsil-node.jar [flags]\n"
        + "Every flag can also be given as an environment variable KONSIL_<FLAG> (e.g. KONSIL_JWT_SECRET).\n\n");
    for (Spec s : SPECS) {
      String left = "  --" + s.name() + (s.takesValue() ? " VALUE" : "");
      b.append(String.format(Locale.ROOT, "%-34s %s%n", left, s.help()));
    }
    return b.toString();
  }

  static boolean wantsHelp(String[] args) {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        return true;
      }
    }
    return false;
  }

  static KonsilConfig parse(String[] args, Map<String, String> env) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (Spec s : SPECS) {
      String fromEnv = env.get("KONSIL_" + s.name().toUpperCase(Locale.ROOT).replace('-', '_'));
      if (fromEnv != null && !fromEnv.isBlank()) {
        values.put(s.name(), s.repeatable() ? splitList(fromEnv) : List.of(fromEnv.trim()));
      }
    }
    Map<String, List<String>> fromArgs = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new BadFlag("unexpected argument '" + arg + "' (flags start with --)");
      }
      String name = arg.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Spec spec = spec(name);
      String value;
      if (spec.takesValue()) {
        if (inline != null) {
          value = inline;
        } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
          value = args[++i];
        } else {
          throw new BadFlag("--" + name + " needs a value");
        }
      } else {
        value = inline == null ? "true" : inline;
      }
      fromArgs.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      if (!spec.repeatable() && fromArgs.get(name).size() > 1) {
        throw new BadFlag("--" + name + " given more than once");
      }
    }
    values.putAll(fromArgs);
    return build(values);
  }

  private static Spec spec(String name) {
    for (Spec s : SPECS) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new BadFlag("unknown flag --" + name);
  }

  private static KonsilConfig build(Map<String, List<String>> v) {
    int port = intValue(v, "port", 8080, 0, 65535);
    String host = one(v, "host", "0.0.0.0");
    KonsilConfig.Redis redis = redis(v);
    String appId = one(v, "jwt-app-id", "konsil");
    String secret = one(v, "jwt-secret", null);
    boolean generated = secret == null;
    if (generated) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    } else if (secret.isEmpty()) {
      throw new BadFlag("--jwt-secret must not be empty");
    }
    List<String> jwks = v.getOrDefault("jwt-jwks", List.of());
    for (String url : jwks) {
      if (!url.matches("https?://\\S+")) {
        throw new BadFlag("--jwt-jwks must be an http(s) URL, got '" + url + "'");
      }
    }
    List<String> turnUris = v.getOrDefault("turn-uri", List.of());
    for (String uri : turnUris) {
      if (!uri.matches("turns?:[^\\s]+")) {
        throw new BadFlag("--turn-uri must look like turn:HOST:PORT, got '" + uri + "'");
      }
    }
    String turnSecret = one(v, "turn-secret", null);
    if (!turnUris.isEmpty() && turnSecret == null) {
      throw new BadFlag("--turn-uri needs --turn-secret (coturn use-auth-secret)");
    }
    List<String> stun = new ArrayList<>(v.getOrDefault("stun-uri", List.of()));
    if (stun.isEmpty()) {
      // coturn answers STUN on its TURN port, so the TURN servers double as STUN servers.
      for (String uri : turnUris) {
        stun.add("stun:" + uri.replaceFirst("^turns?:", "").replaceFirst("\\?.*$", ""));
      }
    }
    KonsilConfig.Signaling d = KonsilConfig.defaultSignaling();
    KonsilConfig.Signaling signaling = new KonsilConfig.Signaling(
        intValue(v, "max-participants", d.maxParticipants(), 2, 64),
        intValue(v, "max-frame-bytes", d.maxFrameBytes(), 1024, 16 * 1024 * 1024),
        intValue(v, "rate", d.messagesPerSecond(), 1, 100_000),
        intValue(v, "burst", d.messageBurst(), 1, 1_000_000),
        intValue(v, "max-connections-per-token", d.maxConnectionsPerToken(), 1, 10_000),
        duration(v, "idle-timeout", d.idleTimeout()),
        duration(v, "resume-grace", d.resumeGrace()),
        d.chatHistory(),
        list(v, "allowed-origins"),
        Boolean.parseBoolean(one(v, "ws-deflate", "false")));
    String publicUrl = one(v, "public-url", "http://localhost:" + port).replaceAll("/+$", "");
    KonsilConfig defaults = KonsilConfig.defaults(port, appId, secret);
    return new KonsilConfig(
        port,
        host,
        redis,
        one(v, "node-id", "node-1"),
        one(v, "hospital", null),
        publicUrl,
        Boolean.parseBoolean(one(v, "demo", "false")),
        new KonsilConfig.Jwt(appId, secret, generated, jwks, list(v, "jwt-accepted-issuers"),
            list(v, "jwt-accepted-audiences"), defaults.jwt().clockSkew()),
        new KonsilConfig.Turn(List.copyOf(stun), turnUris.isEmpty() ? null : turnUris.get(0), turnSecret,
            duration(v, "turn-ttl", defaults.turn().ttl())),
        signaling,
        defaults.booking(),
        list(v, "embed-origins"),
        media(v));
  }

  private static final String HOST_PORT = "[^\\s/:,#@]+:\\d{1,5}";

  private static KonsilConfig.Redis redis(Map<String, List<String>> v) {
    String uri = one(v, "redis", null);
    List<String> seeds = list(v, "redis-cluster");
    if (uri != null && !seeds.isEmpty()) {
      throw new BadFlag("--redis and --redis-cluster exclude each other: give one server (or Sentinel) or cluster seeds");
    }
    if (uri != null && !uri.matches("rediss?://(\\S+@)?" + HOST_PORT + "(/\\d+)?")
        && !uri.matches("redis-sentinel://(\\S+@)?" + HOST_PORT + "(," + HOST_PORT + ")*(/\\d+)?#[A-Za-z0-9._-]+")) {
      throw new BadFlag("--redis must look like redis://HOST:PORT or redis-sentinel://HOST:PORT[,HOST:PORT]#MASTER, got '"
          + uri + "'");
    }
    for (String seed : seeds) {
      if (!seed.matches("rediss?://(\\S+@)?" + HOST_PORT)) {
        throw new BadFlag("--redis-cluster takes redis://HOST:PORT seeds, got '" + seed + "'");
      }
    }
    int wait = intValue(v, "redis-wait-replicas", 0, 0, 16);
    Duration timeout = duration(v, "redis-timeout", Duration.ofSeconds(1));
    if (uri == null && seeds.isEmpty()) {
      if (wait > 0 || v.containsKey("redis-timeout")) {
        throw new BadFlag("--redis-wait-replicas and --redis-timeout need --redis or --redis-cluster");
      }
      return null;
    }
    return new KonsilConfig.Redis(uri, seeds, wait, timeout);
  }

  private static KonsilConfig.Media media(Map<String, List<String>> v) {
    String janus = one(v, "janus-ws", null);
    String kurento = one(v, "kurento-ws", null);
    if (janus != null && kurento != null) {
      throw new BadFlag("--janus-ws and --kurento-ws exclude each other: a node uses one media server");
    }
    for (String uri : java.util.Arrays.asList(janus, kurento)) {
      if (uri != null && !uri.matches("wss?://\\S+")) {
        throw new BadFlag("a media server is reached over WebSocket: ws://HOST:PORT, got '" + uri + "'");
      }
    }
    return new KonsilConfig.Media(janus, kurento, intValue(v, "mesh-max", KonsilConfig.Media.DEFAULT_MESH_MAX, 2, 16),
        one(v, "recording-dir", null));
  }

  private static String one(Map<String, List<String>> v, String name, String fallback) {
    List<String> values = v.get(name);
    return values == null || values.isEmpty() ? fallback : values.get(values.size() - 1);
  }

  private static List<String> list(Map<String, List<String>> v, String name) {
    List<String> out = new ArrayList<>();
    for (String value : v.getOrDefault(name, List.of())) {
      out.addAll(splitList(value));
    }
    return List.copyOf(out);
  }

  private static List<String> splitList(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  private static int intValue(Map<String, List<String>> v, String name, int fallback, int min, int max) {
    String raw = one(v, name, null);
    if (raw == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(raw.trim());
      if (n < min || n > max) {
        throw new BadFlag("--" + name + " must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadFlag("--" + name + " must be a number, got '" + raw + "'");
    }
  }

  /** Durations as 30s, 5m, 12h or ISO-8601 (PT30S). */
  private static Duration duration(Map<String, List<String>> v, String name, Duration fallback) {
    String raw = one(v, name, null);
    if (raw == null) {
      return fallback;
    }
    String s = raw.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("pt") || s.startsWith("p")) {
        return Duration.parse(raw.trim().toUpperCase(Locale.ROOT));
      }
      long n = Long.parseLong(s.replaceAll("(ms|s|m|h)$", ""));
      if (n <= 0) {
        throw new BadFlag("--" + name + " must be positive, got '" + raw + "'");
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(n);
      } else if (s.endsWith("m")) {
        return Duration.ofMinutes(n);
      } else if (s.endsWith("h")) {
        return Duration.ofHours(n);
      }
      return Duration.ofSeconds(n);
    } catch (RuntimeException e) {
      if (e instanceof BadFlag b) {
        throw b;
      }
      throw new BadFlag("--" + name + " must be a duration like 30s, 5m or 12h, got '" + raw + "'");
    }
  }
}
