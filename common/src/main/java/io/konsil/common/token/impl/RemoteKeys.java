package io.konsil.common.token.impl;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import io.konsil.common.error.KonsilException;
import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing keys published as JWK sets, cached. They are fetched again when older than {@code maxAge} (so a key the
 * provider withdrew stops working) or when a token names a key not in the cache (so rotation needs no restart) —
 * but at most once every {@code minRefresh}, and never twice at once: a flood of forged {@code kid}s costs the
 * provider one request per interval, not one per token.
 */
final class RemoteKeys {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteKeys.class);
  private static final long FETCH_TIMEOUT_MS = 5_000;

  private record Snapshot(Map<String, JWKSet> byLocation, Instant fetchedAt) {}

  private final WebClient client;
  private final String label;
  private final Supplier<Future<List<String>>> locations;
  private final Clock clock;
  private final Duration minRefresh;
  private final Duration maxAge;
  private volatile Snapshot snapshot;
  private Instant lastAttempt;
  private Future<Void> inFlight;

  /**
   * @param label names the key source in logs (an issuer or JWKS URL, never a token)
   * @param locations where the JWK sets are published, looked up on every refresh (OIDC discovery may move them)
   */
  RemoteKeys(WebClient client, String label, Supplier<Future<List<String>>> locations, Clock clock,
      Duration minRefresh, Duration maxAge) {
    this.client = client;
    this.label = label;
    this.locations = locations;
    this.clock = clock;
    this.minRefresh = minRefresh;
    this.maxAge = maxAge;
  }

  /** The published key for a token with {@code header}: its {@code kid}, key type and algorithm must match. */
  Future<JWK> key(JWSHeader header) {
    Snapshot current = snapshot;
    Instant now = clock.instant();
    JWK found = select(current, header);
    boolean fresh = current != null && current.fetchedAt().plus(maxAge).isAfter(now);
    if (found != null && fresh) {
      return Future.succeededFuture(found);
    }
    return refresh(now).compose(v -> {
      Snapshot after = snapshot;
      if (after == null) {
        return Future.failedFuture(new KonsilException(503, "identity-provider-unavailable",
            "The identity provider's keys cannot be fetched right now"));
      }
      JWK key = select(after, header);
      return key != null ? Future.succeededFuture(key)
          : Future.failedFuture(KonsilException.unauthorized("token-key-unknown", "No key with this kid is published"));
    });
  }

  private static JWK select(Snapshot snapshot, JWSHeader header) {
    if (snapshot == null) {
      return null;
    }
    List<JWK> keys = new ArrayList<>();
    JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(header));
    snapshot.byLocation().values().forEach(set -> keys.addAll(selector.select(set)));
    // A token without kid is accepted only when exactly one published key fits it.
    return header.getKeyID() != null ? (keys.isEmpty() ? null : keys.get(0)) : (keys.size() == 1 ? keys.get(0) : null);
  }

  private synchronized Future<Void> refresh(Instant now) {
    if (inFlight != null) {
      return inFlight;
    }
    if (lastAttempt != null && now.isBefore(lastAttempt.plus(minRefresh))) {
      return Future.succeededFuture();
    }
    lastAttempt = now;
    Future<Void> fetch = locations.get().compose(this::fetchAll).recover(err -> {
      // Keep the keys we have: an unreachable provider must not invalidate every session at once.
      LOG.warn("keys of {} not refreshed: {}", label, err.getMessage());
      return Future.succeededFuture();
    });
    inFlight = fetch;
    fetch.onComplete(ar -> done());
    return fetch;
  }

  private synchronized void done() {
    inFlight = null;
  }

  private Future<Void> fetchAll(List<String> urls) {
    List<Future<JWKSet>> fetches = urls.stream().map(this::fetch).toList();
    return Future.join(fetches).transform(ar -> {
      Snapshot old = snapshot;
      Map<String, JWKSet> next = new LinkedHashMap<>();
      List<String> failed = new ArrayList<>();
      for (int i = 0; i < urls.size(); i++) {
        Future<JWKSet> f = fetches.get(i);
        if (f.succeeded()) {
          next.put(urls.get(i), f.result());
        } else if (old != null && old.byLocation().containsKey(urls.get(i))) {
          next.put(urls.get(i), old.byLocation().get(urls.get(i)));
          failed.add(f.cause().getMessage());
        } else {
          failed.add(f.cause().getMessage());
        }
      }
      if (!next.isEmpty()) {
        snapshot = new Snapshot(Map.copyOf(next), clock.instant());
      }
      return failed.isEmpty() ? Future.succeededFuture() : Future.failedFuture(String.join("; ", failed));
    });
  }

  private Future<JWKSet> fetch(String url) {
    return client.getAbs(url).timeout(FETCH_TIMEOUT_MS).send().map(resp -> {
      if (resp.statusCode() != 200) {
        throw new IllegalStateException("JWKS " + url + " answered " + resp.statusCode());
      }
      try {
        return JWKSet.parse(resp.bodyAsString());
      } catch (ParseException | NullPointerException e) {
        throw new IllegalStateException("JWKS " + url + " is not a JWK set");
      }
    });
  }
}
