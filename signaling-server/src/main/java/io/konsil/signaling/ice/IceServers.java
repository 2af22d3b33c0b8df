package io.konsil.signaling.ice;

import io.konsil.common.config.KonsilConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code iceServers} of a {@code welcome}: STUN as configured, plus TURN with coturn's REST-API ephemeral
 * credentials (coturn {@code use-auth-secret}; draft-uberti-behave-turn-rest-00): username {@code expiry:userId}
 * with expiry in unix seconds, credential base64(HMAC-SHA1(secret, username)).
 */
public final class IceServers {
  private final KonsilConfig.Turn turn;
  private final Clock clock;

  public IceServers(KonsilConfig.Turn turn) {
    this(turn, Clock.systemUTC());
  }

  public IceServers(KonsilConfig.Turn turn, Clock clock) {
    this.turn = turn;
    this.clock = clock;
  }

  public JsonArray forUser(String userId) {
    JsonArray servers = new JsonArray();
    if (turn == null) {
      return servers;
    }
    if (turn.stunUris() != null && !turn.stunUris().isEmpty()) {
      servers.add(new JsonObject().put("urls", new JsonArray(turn.stunUris())));
    }
    if (turn.uri() != null && !turn.uri().isBlank() && turn.secret() != null) {
      long expiry = clock.instant().plus(turn.ttl()).getEpochSecond();
      String username = expiry + ":" + userId;
      servers.add(new JsonObject()
          .put("urls", new JsonArray().add(turn.uri()))
          .put("username", username)
          .put("credential", credential(turn.secret(), username)));
    }
    return servers;
  }

  public static String credential(String secret, String username) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
  }
}
