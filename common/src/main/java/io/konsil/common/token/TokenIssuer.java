package io.konsil.common.token;

import io.konsil.common.config.KonsilConfig;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Mints HS256 tokens with the node's app id and secret in exactly the shape Jitsi deployments use, so that the
 * node's own tokens (join tokens, demo sign-in) verify like any other.
 */
public final class TokenIssuer {
  private final String appId;
  private final byte[] secret;

  public TokenIssuer(KonsilConfig.Jwt config) {
    this.appId = config.appId();
    this.secret = config.secret().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  public String appId() {
    return appId;
  }

  /** A token for {@code room} ("*" for any) valid for {@code ttl} from now. */
  public String issue(Claims user, String room, Duration ttl) {
    Instant now = Instant.now();
    JsonObject u = new JsonObject()
        .put("id", user.id())
        .put("name", user.name())
        .put("role", user.role().wire())
        .put("moderator", user.moderator() ? "true" : "false");
    if (user.email() != null) {
      u.put("email", user.email());
    }
    if (user.hospital() != null) {
      u.put("hospital", user.hospital());
    }
    if (user.hpr() != null) {
      u.put("hpr", user.hpr());
    }
    JsonObject claims = new JsonObject()
        .put("iss", appId)
        .put("aud", appId)
        .put("sub", "*")
        .put("room", room)
        .put("iat", now.getEpochSecond())
        .put("nbf", now.getEpochSecond() - 5)
        .put("exp", now.plus(ttl).getEpochSecond())
        .put("jti", UUID.randomUUID().toString())
        .put("moderator", user.moderator())
        .put("context", new JsonObject().put("user", u));
    return Hs256.sign(claims.encode(), secret);
  }

  /**
   * The user part of a token to mint. {@code hpr}: a clinician's HPR number as their identity provider vouched for it,
   * carried into the room tokens Konsil mints for them ({@code context.user.hpr}) so that signaling names them by it
   * in the audit trail; null for everyone else.
   */
  public record Claims(String id, String name, String email, Role role, boolean moderator, String hospital,
                       String hpr) {
    public Claims(String id, String name, String email, Role role, boolean moderator, String hospital) {
      this(id, name, email, role, moderator, hospital, null);
    }

    public static Claims of(String id, String name, Role role, String hospital) {
      return new Claims(id, name, null, role, role.moderatesByDefault(), hospital);
    }

    /** The same claims with the HPR number an identity provider vouched for (null: none). */
    public Claims withHpr(String hpr) {
      return new Claims(id, name, email, role, moderator, hospital, hpr);
    }
  }
}
