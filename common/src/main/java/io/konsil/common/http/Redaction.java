package io.konsil.common.http;

import java.util.regex.Pattern;

/** Removes secrets from anything that may be logged: tokens in query strings and bearer headers. */
public final class Redaction {
  private static final Pattern QUERY_TOKEN = Pattern.compile("(?i)([?&](?:jwt|token|access_token|resumeToken)=)[^&#\\s]*");
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");

  private Redaction() {}

  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    return BEARER.matcher(QUERY_TOKEN.matcher(text).replaceAll("$1REDACTED")).replaceAll("$1REDACTED");
  }
}
