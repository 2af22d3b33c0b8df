package io.konsil.common.token;

import java.time.Instant;

/**
 * Who presented a verified token: {@code context.user} of a Jitsi token plus Konsil's role and hospital claims.
 * {@code roomClaim} is the token's {@code room} ("*" for any room).
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
    String tokenId) {

  /** Whether this token may enter {@code room}; Jitsi compares room names case-insensitively and "*" means any. */
  public boolean mayEnter(String room) {
    return "*".equals(roomClaim) || (roomClaim != null && roomClaim.equalsIgnoreCase(room));
  }
}
