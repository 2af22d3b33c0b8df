package io.konsil.scheduler.booking;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.common.token.TokenIssuer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A short-lived token for one consultation room and the call-page URL that carries it. */
public record JoinToken(String room, String jwt, String url, Instant expiresAt) {

  /** Mints join tokens: room-bound, caller's role, expiring with the join window. */
  public static final class Minter {
    private static final Duration MIN_TTL = Duration.ofMinutes(5);
    private final TokenIssuer issuer;
    private final String publicUrl;
    private final Clock clock;

    public Minter(TokenIssuer issuer, KonsilConfig config, Clock clock) {
      this.issuer = issuer;
      this.publicUrl = config.publicUrl();
      this.clock = clock;
    }

    /** For a party of a consultation; valid until {@code until} (at least a few minutes). */
    public JoinToken forParty(Caller caller, String room, boolean moderator, Instant until) {
      Duration ttl = Duration.between(clock.instant(), until);
      return mint(new TokenIssuer.Claims(caller.id(), caller.name(), caller.email(), caller.role(), moderator,
          caller.hospital(), caller.hpr()), room, ttl.compareTo(MIN_TTL) < 0 ? MIN_TTL : ttl);
    }

    /** For an invited guest (interpreter, observer, a colleague) who has no account of their own. */
    public JoinToken forGuest(String guestId, String name, Role role, String room, Duration ttl) {
      return mint(new TokenIssuer.Claims(guestId, name, null, role, role.moderatesByDefault(), null), room, ttl);
    }

    private JoinToken mint(TokenIssuer.Claims claims, String room, Duration ttl) {
      String jwt = issuer.issue(claims, room, ttl);
      return new JoinToken(room, jwt, publicUrl + "/" + room + "?jwt=" + jwt,
          Instant.now().plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
  }
}
