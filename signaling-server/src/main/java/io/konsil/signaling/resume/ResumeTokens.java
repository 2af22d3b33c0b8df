package io.konsil.signaling.resume;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Resume tokens and participant ids. A resume token is 256 random bits given to the client only; the room state
 * (possibly in Redis) keeps its SHA-256, so whoever reads the store cannot take over a session — and the token alone
 * is useless anyway without a valid JWT of the same user for the same room.
 */
public final class ResumeTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ResumeTokens() {}

  public static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static String hash(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A participant id: 72 random bits, URL- and JSON-safe (spliced into relayed frames unescaped). */
  public static String newParticipantId() {
    byte[] b = new byte[9];
    RANDOM.nextBytes(b);
    return "p-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
