package io.konsil.node.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Hostile values from one seeded {@link Random}: wrong types, huge and deeply nested values, control characters, lone
 * surrogates, script and injection strings, random bytes. The same seed gives the same sequence of values.
 */
final class Garbage {
  /** Strings that have broken parsers, templates, logs and databases elsewhere. */
  static final List<String> NASTY = List.of(
      "", " ", "\t", "\u0000", "\u0007\u001b[31m", "\r\n\r\nHTTP/1.1 200 OK", "\u202Eevil", "\uFEFF", "\uD800", "\uDFFF",
      "😀", "é", "نص", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)",
      "' OR '1'='1' --", "\"; DROP TABLE slots; --", "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "#{7*7}", "%s%s%n",
      "../../../../etc/passwd", "..\\..\\windows", "%00", "%", "%%", "%zz", "50%off", "a\"b", "a\\b", "\\u0000",
      "[1]", "{}", "null", "true", "-0", "1e309", "NaN", "0x1F", "*", "?", "#", "/", "//", ";", "&", "=", "+",
      "KEYS *", "FLUSHALL", "\r\nFLUSHALL\r\n", "*1\r\n$8\r\nFLUSHALL\r\n", "__proto__", "constructor",
      "a-demo-kari-now", "patient-kari", "gp-hansen", "spec-ous-cardiology", "OUS", "SLK", "cardiology");

  private final Random random;

  Garbage(long seed) {
    this.random = new Random(seed);
  }

  Random random() {
    return random;
  }

  int below(int n) {
    return random.nextInt(n);
  }

  boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** A hostile string: from the list, random code points (controls and surrogates included), or very long. */
  String string() {
    return switch (random.nextInt(8)) {
      case 0, 1, 2 -> pick(NASTY);
      case 3 -> randomChars(1 + random.nextInt(40));
      case 4 -> pick(NASTY) + randomChars(random.nextInt(10)) + pick(NASTY);
      case 5 -> "x".repeat(100 + random.nextInt(5_000));
      case 6 -> "😀".repeat(90 + random.nextInt(120));
      default -> Integer.toString(random.nextInt());
    };
  }

  /** Random UTF-16 units: controls, lone surrogates, BMP and astral characters. */
  String randomChars(int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(5)) {
        case 0 -> s.append((char) random.nextInt(0x20));
        case 1 -> s.append((char) (0xD800 + random.nextInt(0x800)));
        case 2 -> s.appendCodePoint(0x1F600 + random.nextInt(80));
        case 3 -> s.append((char) (0x20 + random.nextInt(0x5F)));
        default -> s.append((char) random.nextInt(0xFFFF));
      }
    }
    return s.toString();
  }

  /** Any JSON value, of any type, sometimes huge or deep. */
  Object value() {
    return switch (random.nextInt(12)) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> random.nextInt();
      case 3 -> random.nextLong();
      case 4 -> random.nextDouble() * Math.pow(10, random.nextInt(300));
      case 5 -> new JsonArray().add(string()).add(random.nextInt());
      case 6 -> new JsonObject().put(string(), string());
      case 7 -> deepArray(1 + random.nextInt(40));
      case 8 -> deepObject(1 + random.nextInt(40));
      default -> string();
    };
  }

  /**
   * JSON nested far deeper than any parser should follow (as text: building it as objects would overflow the
   * generator's own stack). {@code hole} is where a value of the caller's goes.
   */
  String deepText(String around) {
    int depth = 500 + random.nextInt(20_000);
    String open = random.nextBoolean() ? "[" : "{\"a\":";
    String close = open.equals("[") ? "]" : "}";
    return around.replace("HOLE", open.repeat(depth) + "1" + close.repeat(depth));
  }

  static JsonArray deepArray(int depth) {
    JsonArray root = new JsonArray();
    JsonArray a = root;
    for (int i = 0; i < depth; i++) {
      JsonArray inner = new JsonArray();
      a.add(inner);
      a = inner;
    }
    return root;
  }

  static JsonObject deepObject(int depth) {
    JsonObject root = new JsonObject();
    JsonObject o = root;
    for (int i = 0; i < depth; i++) {
      JsonObject inner = new JsonObject();
      o.put("a", inner);
      o = inner;
    }
    return root;
  }

  /** Random bytes, often not UTF-8 (0xC3 0x28, lone continuation bytes, overlong encodings, 0xFF). */
  byte[] bytes(int max) {
    byte[] b = new byte[1 + random.nextInt(max)];
    random.nextBytes(b);
    if (chance(50)) {
      byte[] invalid = pick(List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0x80},
          new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xFF, (byte) 0xFE},
          new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
      if (b.length < invalid.length) {
        return invalid;
      }
      System.arraycopy(invalid, 0, b, random.nextInt(b.length - invalid.length + 1), invalid.length);
    }
    return b;
  }

  /** JSON text damaged on the way: cut short, a byte flipped, braces doubled, or wrapped in something else. */
  String damage(String json) {
    if (json.isEmpty()) {
      return "{";
    }
    return switch (random.nextInt(6)) {
      case 0 -> json.substring(0, random.nextInt(json.length()));
      case 1 -> {
        char[] c = json.toCharArray();
        c[random.nextInt(c.length)] = (char) random.nextInt(0x80);
        yield new String(c);
      }
      case 2 -> json + json;
      case 3 -> "[" + json + "]";
      case 4 -> json.replace("\"", "'");
      default -> new String(bytes(64), StandardCharsets.ISO_8859_1);
    };
  }
}
