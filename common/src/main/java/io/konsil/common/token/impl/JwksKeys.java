package io.konsil.common.token.impl;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys from one or more JWKS URLs, cached; an unknown {@code kid} triggers one refresh (at most every
 * {@link #MIN_REFRESH_MS}), so that key rotation at the identity provider needs no restart and a flood of
 * forged kids cannot turn into a flood of fetches.
 */
final class JwksKeys {
  private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);
  static final long MIN_REFRESH_MS = 30_000;

  private final List<String> urls;
  // Kept in a field: Vert.x 5 closes clients that are garbage-collected.
  private final WebClient client;
  private volatile Map<String, JWK> keys = Map.of();
  private volatile long lastRefresh;
  private Future<Void> refreshing;

  JwksKeys(Vertx vertx, List<String> urls) {
    this.urls = List.copyOf(urls);
    this.client = WebClient.create(vertx);
  }

  Future<JWK> key(String kid) {
    JWK cached = find(kid);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return refresh().compose(v -> {
      JWK fresh = find(kid);
      return fresh != null
          ? Future.succeededFuture(fresh)
          : Future.failedFuture(JitsiTokenVerifier.refuse("token-key-unknown", "No key with this kid is published"));
    });
  }

  private JWK find(String kid) {
    Map<String, JWK> current = keys;
    if (kid != null) {
      return current.get(kid);
    }
    // A token without kid is accepted only when the JWKS holds exactly one key.
    return current.size() == 1 ? current.values().iterator().next() : null;
  }

  private synchronized Future<Void> refresh() {
    long now = System.currentTimeMillis();
    if (refreshing != null && !refreshing.isComplete()) {
      return refreshing;
    }
    if (now - lastRefresh < MIN_REFRESH_MS && !keys.isEmpty()) {
      return Future.succeededFuture();
    }
    lastRefresh = now;
    List<Future<List<JWK>>> fetches = new ArrayList<>();
    for (String url : urls) {
      fetches.add(client.getAbs(url).timeout(5000).send().map(resp -> {
        if (resp.statusCode() != 200) {
          throw new IllegalStateException("JWKS " + url + " answered " + resp.statusCode());
        }
        try {
          return JWKSet.parse(resp.bodyAsString()).getKeys();
        } catch (ParseException e) {
          throw new IllegalStateException("JWKS " + url + " is not a JWK set", e);
        }
      }).recover(err -> {
        LOG.warn("jwks fetch failed: {}", err.getMessage());
        return Future.succeededFuture(List.of());
      }));
    }
    refreshing = Future.all(fetches).map(all -> {
      Map<String, JWK> next = new ConcurrentHashMap<>();
      for (int i = 0; i < fetches.size(); i++) {
        for (JWK k : fetches.get(i).result()) {
          next.put(k.getKeyID() != null ? k.getKeyID() : "key-" + next.size(), k);
        }
      }
      if (!next.isEmpty()) {
        keys = Map.copyOf(next);
      }
      return null;
    });
    return refreshing;
  }
}
