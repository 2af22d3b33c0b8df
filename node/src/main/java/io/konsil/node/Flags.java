package io.konsil.node;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.identity.IdentityProvider;
import io.konsil.common.identity.IdentityProviders;
import io.konsil.common.ratelimit.Rate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
      new Spec("oidc-issuer", true, true,
          "trust this OpenID Connect issuer (repeatable; default: every issuer in --oidc-config)"),
      new Spec("oidc-config", true, false,
          "JSON file: per issuer its audiences, kind (clinician|patient), claims, minimum acr, organisations"),
      new Spec("jwks-min-refresh", true, false, "fetch published keys at most this often on an unknown kid (default 30s)"),
      new Spec("jwks-max-age", true, false, "fetch published keys again when older than this (default 10m)"),
      new Spec("tls-cert", true, false, "PEM certificate chain: serve HTTPS/WSS (with --tls-key)"),
      new Spec("tls-key", true, false, "PEM private key (PKCS#8 or PKCS#1) for --tls-cert"),
      new Spec("hsts-max-age", true, false, "Strict-Transport-Security max-age over TLS (default 365d)"),
      new Spec("rate-limits", true, false, "on|off: limits on sign-in, booking, holds and signaling connects (default on)"),
      new Spec("rate-limit-user", true, true,
          "per-user limits, e.g. booking=30/1m,hold=60/1m,connect=30/1m (RULE=off lifts one)"),
      new Spec("rate-limit-address", true, true,
          "per-address limits, e.g. sign-in=30/1m,booking=600/1m,hold=1200/1m,connect=600/1m"),
      new Spec("trust-forwarded-for", false, false,
          "behind a proxy that appends the client address to X-Forwarded-For: limit by its last entry"),
      new Spec("log-format", true, false, "text|json: human-readable lines or JSON lines (default text)"),
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
      new Spec("join-before", true, false, "how early before its start a consultation can be joined, e.g. 15m (default 15m)"),
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
    KonsilConfig.Tls tls = tls(v);
    String scheme = tls == null ? "http" : "https";
    String publicUrl = one(v, "public-url", scheme + "://localhost:" + port).replaceAll("/+$", "");
    KonsilConfig defaults = KonsilConfig.defaults(port, appId, secret);
    KonsilConfig.Jwt jwt = new KonsilConfig.Jwt(appId, secret, generated, jwks, list(v, "jwt-accepted-issuers"),
        list(v, "jwt-accepted-audiences"), defaults.jwt().clockSkew())
        .withIdentityProviders(identityProviders(v),
            duration(v, "jwks-min-refresh", KonsilConfig.Jwt.DEFAULT_JWKS_MIN_REFRESH),
            duration(v, "jwks-max-age", KonsilConfig.Jwt.DEFAULT_JWKS_MAX_AGE));
    return new KonsilConfig(
        port,
        host,
        redis,
        one(v, "node-id", "node-1"),
        one(v, "hospital", null),
        publicUrl,
        Boolean.parseBoolean(one(v, "demo", "false")),
        jwt,
        new KonsilConfig.Turn(List.copyOf(stun), turnUris.isEmpty() ? null : turnUris.get(0), turnSecret,
            duration(v, "turn-ttl", defaults.turn().ttl())),
        signaling,
        new KonsilConfig.Booking(defaults.booking().holdTtl(), duration(v, "join-before", defaults.booking().joinBefore()),
            defaults.booking().joinGrace(), defaults.booking().slotHorizonDays()),
        list(v, "embed-origins"),
        media(v),
        new KonsilConfig.Http(tls, rateLimits(v), Boolean.parseBoolean(one(v, "trust-forwarded-for", "false"))),
        logFormat(v));
  }

  private static List<IdentityProvider> identityProviders(Map<String, List<String>> v) {
    List<String> issuers = list(v, "oidc-issuer");
    String file = one(v, "oidc-config", null);
    if (file == null) {
      if (!issuers.isEmpty()) {
        throw new BadFlag("--oidc-issuer needs --oidc-config: the file says each issuer's audiences and claims");
      }
      return List.of();
    }
    for (String issuer : issuers) {
      if (!IdentityProviders.acceptableIssuer(issuer)) {
        throw new BadFlag("--oidc-issuer must be an https URL (http only on localhost), got '" + issuer + "'");
      }
    }
    try {
      return IdentityProviders.parse(Files.readString(Path.of(file)), issuers);
    } catch (IOException e) {
      throw new BadFlag("--oidc-config: cannot read " + file + " (" + e.getMessage() + ")");
    } catch (IllegalArgumentException e) {
      throw new BadFlag("--oidc-config " + file + ": " + e.getMessage());
    }
  }

  private static KonsilConfig.Tls tls(Map<String, List<String>> v) {
    String cert = one(v, "tls-cert", null);
    String key = one(v, "tls-key", null);
    if (cert == null && key == null) {
      if (v.containsKey("hsts-max-age")) {
        throw new BadFlag("--hsts-max-age needs --tls-cert and --tls-key (HSTS is only sent over TLS)");
      }
      return null;
    }
    if (cert == null || key == null) {
      throw new BadFlag("--tls-cert and --tls-key go together");
    }
    for (String file : List.of(cert, key)) {
      if (!Files.isReadable(Path.of(file))) {
        throw new BadFlag("cannot read TLS file " + file);
      }
    }
    return new KonsilConfig.Tls(cert, key, duration(v, "hsts-max-age", KonsilConfig.Tls.DEFAULT_HSTS_MAX_AGE));
  }

  private static KonsilConfig.RateLimits rateLimits(Map<String, List<String>> v) {
    String onOff = one(v, "rate-limits", "on");
    if (!onOff.equals("on") && !onOff.equals("off")) {
      throw new BadFlag("--rate-limits must be on or off, got '" + onOff + "'");
    }
    if (onOff.equals("off")) {
      if (v.containsKey("rate-limit-user") || v.containsKey("rate-limit-address")) {
        throw new BadFlag("--rate-limits off excludes --rate-limit-user and --rate-limit-address");
      }
      return KonsilConfig.RateLimits.off();
    }
    KonsilConfig.RateLimits d = KonsilConfig.RateLimits.defaults();
    Map<String, Rate> user = new LinkedHashMap<>();
    user.put("booking", d.booking().perUser());
    user.put("hold", d.hold().perUser());
    user.put("connect", d.connect().perUser());
    Map<String, Rate> address = new LinkedHashMap<>();
    address.put("sign-in", d.signIn().perAddress());
    address.put("booking", d.booking().perAddress());
    address.put("hold", d.hold().perAddress());
    address.put("connect", d.connect().perAddress());
    rates(v, "rate-limit-user", user);
    rates(v, "rate-limit-address", address);
    return new KonsilConfig.RateLimits(
        new KonsilConfig.RateLimits.Limit(null, address.get("sign-in")),
        new KonsilConfig.RateLimits.Limit(user.get("booking"), address.get("booking")),
        new KonsilConfig.RateLimits.Limit(user.get("hold"), address.get("hold")),
        new KonsilConfig.RateLimits.Limit(user.get("connect"), address.get("connect")));
  }

  /** RULE=N/PERIOD entries (PERIOD a duration like 1m) or RULE=off, over the rules {@code into} already names. */
  private static void rates(Map<String, List<String>> v, String flag, Map<String, Rate> into) {
    for (String entry : list(v, flag)) {
      int eq = entry.indexOf('=');
      String rule = eq < 0 ? entry : entry.substring(0, eq).trim();
      if (eq < 0 || !into.containsKey(rule)) {
        throw new BadFlag("--" + flag + " takes RULE=N/PERIOD with RULE one of " + into.keySet() + ", got '" + entry
            + "'" + (rule.equals("sign-in") ? " (sign-in has no user yet; limit it per address)" : ""));
      }
      String value = entry.substring(eq + 1).trim();
      if (value.equals("off")) {
        into.put(rule, null);
        continue;
      }
      int slash = value.indexOf('/');
      int amount;
      try {
        amount = slash < 0 ? -1 : Integer.parseInt(value.substring(0, slash).trim());
      } catch (NumberFormatException e) {
        amount = -1;
      }
      if (amount < 1) {
        throw new BadFlag("--" + flag + " " + rule + " must be N/PERIOD with N >= 1 (e.g. 30/1m) or off, got '" + value
            + "'");
      }
      into.put(rule, new Rate(amount, duration(flag, value.substring(slash + 1))));
    }
  }

  private static KonsilConfig.LogFormat logFormat(Map<String, List<String>> v) {
    String format = one(v, "log-format", "text");
    return switch (format) {
      case "text" -> KonsilConfig.LogFormat.TEXT;
      case "json" -> KonsilConfig.LogFormat.JSON;
      default -> throw new BadFlag("--log-format must be text or json, got '" + format + "'");
    };
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

  /** Durations as 30s, 5m, 12h, 365d or ISO-8601 (PT30S). */
  private static Duration duration(Map<String, List<String>> v, String name, Duration fallback) {
    String raw = one(v, name, null);
    return raw == null ? fallback : duration(name, raw);
  }

  private static Duration duration(String name, String raw) {
    String s = raw.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("pt") || s.startsWith("p")) {
        return Duration.parse(raw.trim().toUpperCase(Locale.ROOT));
      }
      long n = Long.parseLong(s.replaceAll("(ms|s|m|h|d)$", ""));
      if (n <= 0) {
        throw new BadFlag("--" + name + " must be positive, got '" + raw + "'");
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(n);
      } else if (s.endsWith("m")) {
        return Duration.ofMinutes(n);
      } else if (s.endsWith("h")) {
        return Duration.ofHours(n);
      } else if (s.endsWith("d")) {
        return Duration.ofDays(n);
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
