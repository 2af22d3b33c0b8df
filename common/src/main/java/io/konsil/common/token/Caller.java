package io.konsil.common.token;

import java.time.Instant;

/**
 * Who presented a verified token: {@code context.user} of a Jitsi token plus Konsil's role and hospital claims, or
 * the mapped claims of a token from an OpenID Connect identity provider. {@code roomClaim} is the token's
 * {@code room} ("*" for any room; null for identity-provider tokens, which open no room). {@code hpr} is a
 * clinician's HPR number (Norway's health personnel register) when the identity provider vouches for one.
 */
public record Caller(
    String id,
    String name,
    String email,
    String avatar,
    Role role,
    boolean moderator,
    String hospital,
    String roomClaim,
    String issuer,
    Instant expiresAt,
    String tokenId,
    String hpr) {

  /** A caller without an HPR number (Jitsi-style tokens). */
  public Caller(String id, String name, String email, String avatar, Role role, boolean moderator, String hospital,
      String roomClaim, String issuer, Instant expiresAt, String tokenId) {
    this(id, name, email, avatar, role, moderator, hospital, roomClaim, issuer, expiresAt, tokenId, null);
  }

  /** Whether this token may enter {@code room}; Jitsi compares room names case-insensitively and "*" means any. */
  public boolean mayEnter(String room) {
    return "*".equals(roomClaim) || (roomClaim != null && roomClaim.equalsIgnoreCase(room));
  }
}
