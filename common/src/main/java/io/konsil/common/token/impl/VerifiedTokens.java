package io.konsil.common.token.impl;

import io.konsil.common.error.KonsilException;
import io.konsil.common.token.Caller;
import io.konsil.common.token.TokenVerifier;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers verified tokens, so that a client calling the API many times with one token pays for parsing and
 * signature once (about a quarter of a booking's server time, see docs/benchmarks.md). Bounded: when full it is
 * emptied, which costs only re-verification. Expiry is checked on every hit; the room on every call.
 */
public final class VerifiedTokens implements TokenVerifier {
  static final int LIMIT = 10_000;

  private final ConcurrentHashMap<String, Caller> verified = new ConcurrentHashMap<>();
  private final TokenVerifier delegate;
  private final Clock clock;
  private final Duration skew;

  public VerifiedTokens(TokenVerifier delegate, Clock clock, Duration skew) {
    this.delegate = delegate;
    this.clock = clock;
    this.skew = skew;
  }

  @Override
  public Future<Caller> verify(String token) {
    return verifyForRoom(token, null);
  }

  @Override
  public Future<Caller> verifyForRoom(String token, String room) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(KonsilException.unauthorized("token-missing", "No token was presented"));
    }
    Caller cached = verified.get(token);
    if (cached == null) {
      return delegate.verify(token).compose(caller -> {
        remember(token, caller);
        return admit(caller, room);
      });
    }
    if (cached.expiresAt().plus(skew).isBefore(clock.instant())) {
      verified.remove(token);
      return Future.failedFuture(KonsilException.unauthorized("token-expired", "The token has expired"));
    }
    return admit(cached, room);
  }

  /** {@code caller} if its token may enter {@code room} (null: no room asked for). */
  static Future<Caller> admit(Caller caller, String room) {
    if (room == null || caller.mayEnter(room)) {
      return Future.succeededFuture(caller);
    }
    return Future.failedFuture(KonsilException.unauthorized("token-room-mismatch", caller.roomClaim() == null
        ? "A sign-in token opens no room; ask for a room token (POST /api/v1/appointments/{id}/join)"
        : "The token is not valid for this room"));
  }

  private void remember(String token, Caller caller) {
    if (verified.size() >= LIMIT) {
      verified.clear();
    }
    verified.put(token, caller);
  }
}
