package io.konsil.common.room;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one rule for consultation room names, used by the signaling handshake, the call page route and booking.
 * Jitsi room names are URL path segments compared case-insensitively; Konsil keeps to a conservative, log-safe
 * alphabet so a room name can appear in URLs, Redis keys and logs without escaping — and without a dot, so that
 * {@code /robots.txt} or {@code /favicon.ico} can never be taken for a room's call page.
 */
public final class RoomName {
  public static final int MAX_LENGTH = 64;
  public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");
  /** What a refusal tells the user. */
  public static final String RULE = "Room names are 1 to " + MAX_LENGTH + " of A-Z a-z 0-9 _ -";

  private static final SecureRandom RANDOM = new SecureRandom();
  /** No 0/o or 1/l: room names are sometimes read out over the phone. */
  private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

  private RoomName() {}

  public static boolean isValid(String name) {
    return name != null && PATTERN.matcher(name).matches();
  }

  /** The room's identity: names differing only in case are the same room. */
  public static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** An unguessable room name for a new consultation (80 random bits). */
  public static String newRoom() {
    StringBuilder b = new StringBuilder("konsil-");
    for (int i = 0; i < 16; i++) {
      b.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return b.toString();
  }
}
