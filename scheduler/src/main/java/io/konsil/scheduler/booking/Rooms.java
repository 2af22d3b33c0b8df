package io.konsil.scheduler.booking;

import java.security.SecureRandom;

/** Consultation room names: unguessable, URL-safe, lower case (Jitsi compares room names case-insensitively). */
public final class Rooms {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

  private Rooms() {}

  public static String newRoom() {
    StringBuilder b = new StringBuilder("konsil-");
    for (int i = 0; i < 16; i++) {
      b.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return b.toString();
  }
}
