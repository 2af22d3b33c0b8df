package io.konsil.common.http;

import java.util.regex.Pattern;

/**
 * Removes secrets and identifying numbers from anything that may be logged: tokens in query strings and bearer
 * headers, anything shaped like a JWT wherever it appears, and eleven-digit numbers (a Norwegian national identity
 * or D-number is the user id of a patient signed in through ID-porten).
 */
public final class Redaction {
  private static final Pattern QUERY_TOKEN = Pattern.compile("(?i)([?&](?:jwt|token|access_token|resumeToken)=)[^&#\\s]*");
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
  /** A JWS in compact form: a base64url JSON header ("eyJ" is the encoding of '{"') and two more parts. */
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
  private static final Pattern NATIONAL_ID = Pattern.compile("(?<![0-9])[0-9]{11}(?![0-9])");

  private Redaction() {}

  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = QUERY_TOKEN.matcher(text).replaceAll("$1REDACTED");
    out = BEARER.matcher(out).replaceAll("$1REDACTED");
    out = JWT.matcher(out).replaceAll("REDACTED");
    return NATIONAL_ID.matcher(out).replaceAll("REDACTED");
  }
}
