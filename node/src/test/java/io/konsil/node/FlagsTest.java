package io.konsil.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlagsTest {

  @Test
  void defaultsGiveAnEmbeddedNodeOnPort8080WithARandomSecret() {
    KonsilConfig a = Flags.parse(new String[0], Map.of());
    KonsilConfig b = Flags.parse(new String[0], Map.of());
    assertEquals(8080, a.port());
    assertEquals(null, a.redis());
    assertFalse(a.demo());
    assertTrue(a.jwt().secretGenerated());
    assertTrue(a.jwt().secret().length() >= 40, "a random secret of 256 bits");
    assertNotEquals(a.jwt().secret(), b.jwt().secret(), "never a fixed default secret");
  }

  @Test
  void flagsInBothFormsAndRepeatableFlagsAreRead() {
    KonsilConfig c = Flags.parse(new String[] {
        "--port", "9001", "--demo", "--jwt-app-id=hospital-a", "--jwt-secret", "s3cret",
        "--jwt-jwks", "https://idp.example/jwks", "--jwt-jwks", "https://idp2.example/jwks",
        "--turn-uri", "turn:127.0.0.1:3478", "--turn-secret", "t", "--embed-origins", "https://portal.example, https://b.example",
        "--resume-grace", "45s", "--max-participants", "4"}, Map.of());
    assertEquals(9001, c.port());
    assertTrue(c.demo());
    assertEquals("hospital-a", c.jwt().appId());
    assertEquals("s3cret", c.jwt().secret());
    assertFalse(c.jwt().secretGenerated());
    assertEquals(List.of("https://idp.example/jwks", "https://idp2.example/jwks"), c.jwt().jwksUrls());
    assertEquals("turn:127.0.0.1:3478", c.turn().uri());
    assertEquals(List.of("stun:127.0.0.1:3478"), c.turn().stunUris());
    assertEquals(List.of("https://portal.example", "https://b.example"), c.embedOrigins());
    assertEquals(Duration.ofSeconds(45), c.signaling().resumeGrace());
    assertEquals(4, c.signaling().maxParticipants());
  }

  @Test
  void environmentVariablesStandInForFlagsAndFlagsWin() {
    Map<String, String> env = Map.of("KONSIL_PORT", "7000", "KONSIL_NODE_ID", "ahus-1", "KONSIL_DEMO", "true",
        "KONSIL_JWT_JWKS", "https://a.example/jwks,https://b.example/jwks");
    KonsilConfig c = Flags.parse(new String[] {"--port", "7001"}, env);
    assertEquals(7001, c.port());
    assertEquals("ahus-1", c.nodeId());
    assertTrue(c.demo());
    assertEquals(2, c.jwt().jwksUrls().size());
  }

  @Test
  void badFlagsAreRefusedWithAClearMessage() {
    assertEquals("unknown flag --no-such-flag",
        assertThrows(Flags.BadFlag.class, () -> Flags.parse(new String[] {"--no-such-flag"}, Map.of())).getMessage());
    assertTrue(assertThrows(Flags.BadFlag.class, () -> Flags.parse(new String[] {"--port", "http"}, Map.of()))
        .getMessage().contains("must be a number"));
    assertTrue(assertThrows(Flags.BadFlag.class, () -> Flags.parse(new String[] {"--port", "70000"}, Map.of()))
        .getMessage().contains("between"));
    assertTrue(assertThrows(Flags.BadFlag.class, () -> Flags.parse(new String[] {"--port"}, Map.of()))
        .getMessage().contains("needs a value"));
    assertTrue(assertThrows(Flags.BadFlag.class, () -> Flags.parse(new String[] {"--redis", "localhost"}, Map.of()))
        .getMessage().contains("redis://"));
    assertTrue(assertThrows(Flags.BadFlag.class, () -> Flags.parse(new String[] {"--turn-uri", "turn:h:1"}, Map.of()))
        .getMessage().contains("--turn-secret"));
    assertTrue(assertThrows(Flags.BadFlag.class, () -> Flags.parse(new String[] {"--resume-grace", "soon"}, Map.of()))
        .getMessage().contains("duration"));
    assertTrue(assertThrows(Flags.BadFlag.class, () -> Flags.parse(new String[] {"stray"}, Map.of()))
        .getMessage().contains("unexpected argument"));
  }

  @Test
  void redisTakesOneServerASentinelSetOrClusterSeedsButNotTwoOfThem() {
    assertEquals("redis://127.0.0.1:6379", Flags.parse(new String[] {"--redis", "redis://127.0.0.1:6379"}, Map.of())
        .redis().uri());
    KonsilConfig.Redis sentinel = Flags.parse(new String[] {"--redis", "redis-sentinel://10.0.0.1:26379,10.0.0.2:26379#konsil",
        "--redis-wait-replicas", "1"}, Map.of()).redis();
    assertEquals("redis-sentinel://10.0.0.1:26379,10.0.0.2:26379#konsil", sentinel.uri());
    assertEquals(1, sentinel.waitReplicas());
    KonsilConfig.Redis cluster = Flags.parse(new String[0],
        Map.of("KONSIL_REDIS_CLUSTER", "redis://10.0.0.1:7000,redis://10.0.0.2:7000")).redis();
    assertTrue(cluster.isCluster());
    assertEquals(List.of("redis://10.0.0.1:7000", "redis://10.0.0.2:7000"), cluster.clusterSeeds());
    assertTrue(assertThrows(Flags.BadFlag.class, () -> Flags.parse(new String[] {"--redis", "redis://a:1",
        "--redis-cluster", "redis://b:2"}, Map.of())).getMessage().contains("exclude each other"));
    assertTrue(assertThrows(Flags.BadFlag.class, () -> Flags.parse(new String[] {"--redis", "redis-sentinel://a:1"},
        Map.of())).getMessage().contains("#MASTER"));
    assertTrue(assertThrows(Flags.BadFlag.class, () -> Flags.parse(new String[] {"--redis-wait-replicas", "1"},
        Map.of())).getMessage().contains("need --redis"));
  }
}
