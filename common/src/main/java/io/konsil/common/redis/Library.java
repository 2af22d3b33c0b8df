package io.konsil.common.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Redis Functions library (Lua, {@code #!lua name=...}). The name carries a version ({@code konsil_booking_v1}) so
 * that nodes of two releases can share one Redis during a rolling upgrade, each calling its own functions.
 */
public record Library(String name, String code) {
  private static final Pattern SHEBANG = Pattern.compile("^#!lua name=([A-Za-z0-9_]+)");

  /** Reads a library from the class path; its name is taken from the shebang line. */
  public static Library fromResource(String resource) {
    try (InputStream in = Library.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " missing from the class path");
      }
      String code = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = SHEBANG.matcher(code);
      if (!m.find()) {
        throw new IllegalStateException(resource + " must start with '#!lua name=LIBRARY'");
      }
      return new Library(m.group(1), code);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
