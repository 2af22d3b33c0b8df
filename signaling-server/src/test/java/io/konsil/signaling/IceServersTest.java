package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.signaling.ice.IceServers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** STUN plus TURN with coturn REST-API credentials in the welcome. */
class IceServersTest extends SignalingTestBase {
  private static final KonsilConfig.Turn TURN = new KonsilConfig.Turn(List.of("stun:stun.example.org:3478"),
      "turn:turn.example.org:3478?transport=udp", "coturn-shared-secret", Duration.ofHours(1));

  @Test
  void turnCredentialsFollowCoturnsRestApi() throws Exception {
    Instant now = Instant.parse("2026-01-01T10:00:00Z");
    JsonArray servers = new IceServers(TURN, Clock.fixed(now, ZoneOffset.UTC)).forUser("gp-anne");
    assertEquals(new JsonArray().add("stun:stun.example.org:3478"), servers.getJsonObject(0).getJsonArray("urls"));
    JsonObject turn = servers.getJsonObject(1);
    String username = (now.getEpochSecond() + 3600) + ":gp-anne";
    assertEquals(username, turn.getString("username"));
    // Independent computation, as coturn does it (HMAC-SHA1 over the username, base64).
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec("coturn-shared-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    assertEquals(Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8))),
        turn.getString("credential"));
    assertEquals("turn:turn.example.org:3478?transport=udp", turn.getJsonArray("urls").getString(0));
  }

  @Test
  void withoutTurnOnlyStunIsOffered() {
    JsonArray servers = new IceServers(new KonsilConfig.Turn(List.of("stun:a:3478"), null, null, Duration.ofHours(1)))
        .forUser("u");
    assertEquals(1, servers.size());
    assertTrue(new IceServers(new KonsilConfig.Turn(List.of(), null, null, Duration.ofHours(1))).forUser("u").isEmpty());
  }

  @Test
  void theWelcomeCarriesIceServersWithCredentialsForThisUser() {
    restart(config().withTurn(TURN));
    String room = room();
    Joined gp = gp(room);
    JsonArray servers = gp.first().getJsonArray("iceServers");
    assertEquals(2, servers.size());
    String username = servers.getJsonObject(1).getString("username");
    assertTrue(username.endsWith(":" + gp.userId()), username);
    long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
    long inAnHour = Instant.now().getEpochSecond() + 3600;
    assertTrue(Math.abs(expiry - inAnHour) < 10, "expiry " + expiry);
    assertEquals(IceServers.credential("coturn-shared-secret", username), servers.getJsonObject(1).getString("credential"));
  }
}
