package io.konsil.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.identity.IdentityProvider;
import io.konsil.common.ratelimit.Rate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The identity-provider, TLS, rate-limit and logging flags. */
class SecurityFlagsTest {
  private static final Path EXAMPLE = Path.of("..", "infra", "identity-providers.example.json");

  private static String refusal(String... args) {
    return assertThrows(Flags.BadFlag.class, () -> Flags.parse(args, Map.of())).getMessage();
  }

  @Test
  void identityProvidersComeFromTheConfigFileAndIssuerFlagsPickAmongThem() {
    KonsilConfig all = Flags.parse(new String[] {"--oidc-config", EXAMPLE.toString()}, Map.of());
    assertEquals(List.of("https://helseid-sts.nhn.no", "https://idporten.no"),
        all.jwt().identityProviders().stream().map(IdentityProvider::issuer).toList());
    assertEquals(Duration.ofSeconds(30), all.jwt().jwksMinRefresh());
    assertEquals(Duration.ofMinutes(10), all.jwt().jwksMaxAge());
    KonsilConfig one = Flags.parse(new String[] {"--oidc-config", EXAMPLE.toString(), "--oidc-issuer",
        "https://idporten.no", "--jwks-min-refresh", "1m", "--jwks-max-age", "1h"}, Map.of());
    assertEquals(IdentityProvider.Kind.PATIENT, one.jwt().identityProviders().get(0).kind());
    assertEquals(1, one.jwt().identityProviders().size());
    assertEquals(Duration.ofMinutes(1), one.jwt().jwksMinRefresh());
    assertEquals(Duration.ofHours(1), one.jwt().jwksMaxAge());
    KonsilConfig env = Flags.parse(new String[0], Map.of("KONSIL_OIDC_CONFIG", EXAMPLE.toString(),
        "KONSIL_OIDC_ISSUER", "https://idporten.no,https://helseid-sts.nhn.no"));
    assertEquals(List.of("https://idporten.no", "https://helseid-sts.nhn.no"),
        env.jwt().identityProviders().stream().map(IdentityProvider::issuer).toList());
    assertTrue(Flags.parse(new String[0], Map.of()).jwt().identityProviders().isEmpty());
  }

  @Test
  void identityProviderMistakesStopTheNodeWithTheReason() throws Exception {
    assertTrue(refusal("--oidc-issuer", "https://idporten.no").contains("needs --oidc-config"));
    assertTrue(refusal("--oidc-config", EXAMPLE.toString(), "--oidc-issuer", "https://other.example")
        .contains("https://other.example has no entry"));
    assertTrue(refusal("--oidc-config", EXAMPLE.toString(), "--oidc-issuer", "http://idporten.no")
        .contains("https URL"));
    assertTrue(refusal("--oidc-config", "/no/such/file.json").contains("cannot read"));
    Path broken = Files.createTempFile("oidc", ".json");
    Files.writeString(broken, "{\"providers\":[{\"issuer\":\"https://a.example\",\"kind\":\"patient\"}]}");
    assertTrue(refusal("--oidc-config", broken.toString()).contains("audiences"));
  }

  @Test
  void tlsNeedsBothReadableFilesAndMakesThePublicUrlHttps() throws Exception {
    Path cert = Files.createTempFile("cert", ".pem");
    Path key = Files.createTempFile("key", ".pem");
    KonsilConfig c = Flags.parse(new String[] {"--tls-cert", cert.toString(), "--tls-key", key.toString(),
        "--port", "8443"}, Map.of());
    assertEquals(cert.toString(), c.http().tls().certPath());
    assertEquals(Duration.ofDays(365), c.http().tls().hstsMaxAge());
    assertEquals("https://localhost:8443", c.publicUrl());
    assertEquals(Duration.ofDays(30), Flags.parse(new String[] {"--tls-cert", cert.toString(), "--tls-key",
        key.toString(), "--hsts-max-age", "30d"}, Map.of()).http().tls().hstsMaxAge());
    assertNull(Flags.parse(new String[0], Map.of()).http().tls());
    assertTrue(refusal("--tls-cert", cert.toString()).contains("go together"));
    assertTrue(refusal("--tls-cert", cert.toString(), "--tls-key", "/no/such.pem").contains("cannot read"));
    assertTrue(refusal("--hsts-max-age", "1d").contains("needs --tls-cert"));
  }

  @Test
  void rateLimitsHaveDefaultsThatFlagsAdjustOrLift() {
    KonsilConfig.RateLimits d = Flags.parse(new String[0], Map.of()).http().rateLimits();
    assertEquals(KonsilConfig.RateLimits.defaults(), d);
    assertNull(d.signIn().perUser());
    KonsilConfig.RateLimits c = Flags.parse(new String[] {"--rate-limit-user", "booking=5/10s,connect=off",
        "--rate-limit-address", "sign-in=3/1h", "--trust-forwarded-for"}, Map.of()).http().rateLimits();
    assertEquals(new Rate(5, Duration.ofSeconds(10)), c.booking().perUser());
    assertEquals(d.booking().perAddress(), c.booking().perAddress());
    assertNull(c.connect().perUser());
    assertEquals(new Rate(3, Duration.ofHours(1)), c.signIn().perAddress());
    assertTrue(Flags.parse(new String[] {"--trust-forwarded-for"}, Map.of()).http().trustForwardedFor());
    assertEquals(KonsilConfig.RateLimits.off(),
        Flags.parse(new String[] {"--rate-limits", "off"}, Map.of()).http().rateLimits());
    assertTrue(refusal("--rate-limits", "maybe").contains("on or off"));
    assertTrue(refusal("--rate-limit-user", "sign-in=3/1m").contains("limit it per address"));
    assertTrue(refusal("--rate-limit-user", "booking=0/1m").contains("N >= 1"));
    assertTrue(refusal("--rate-limit-user", "booking=5/soon").contains("duration"));
    assertTrue(refusal("--rate-limit-address", "chat=5/1m").contains("RULE one of"));
    assertTrue(refusal("--rate-limits", "off", "--rate-limit-user", "booking=1/1m").contains("excludes"));
  }

  @Test
  void logFormatIsTextUnlessJsonIsAskedFor() {
    assertEquals(KonsilConfig.LogFormat.TEXT, Flags.parse(new String[0], Map.of()).logFormat());
    assertEquals(KonsilConfig.LogFormat.JSON, Flags.parse(new String[] {"--log-format", "json"}, Map.of()).logFormat());
    assertEquals(KonsilConfig.LogFormat.JSON, Flags.parse(new String[0], Map.of("KONSIL_LOG_FORMAT", "json")).logFormat());
    assertTrue(refusal("--log-format", "xml").contains("text or json"));
  }
}
