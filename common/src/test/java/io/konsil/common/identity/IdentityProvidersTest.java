package io.konsil.common.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.token.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The --oidc-config file: the documented example reads as documented, and every mistake is named. */
class IdentityProvidersTest {

  @Test
  void theDocumentedExampleDescribesAHelseIdAndAnIdPortenProvider() throws IOException {
    String json = Files.readString(Path.of("..", "infra", "identity-providers.example.json"));
    List<IdentityProvider> all = IdentityProviders.parse(json, List.of());
    assertEquals(2, all.size());
    IdentityProvider helseid = all.get(0);
    assertEquals(IdentityProvider.Kind.CLINICIAN, helseid.kind());
    assertEquals("helseid://claims/hpr/hpr_number", helseid.claims().hpr());
    assertEquals(Role.GP, helseid.role());
    assertEquals(Role.SPECIALIST, helseid.roles().get("specialist"));
    assertEquals("OUS", helseid.organisations().get("993467049"));
    assertEquals(AssuranceLevel.HIGH, helseid.minimumAcr());
    IdentityProvider idporten = all.get(1);
    assertEquals(IdentityProvider.Kind.PATIENT, idporten.kind());
    assertEquals("pid", idporten.claims().id());
    assertEquals("", idporten.idPrefix());
    assertEquals(AssuranceLevel.SUBSTANTIAL, idporten.minimumAcr());
    // --oidc-issuer picks providers from the file.
    assertEquals(List.of(idporten), IdentityProviders.parse(json, List.of("https://idporten.no")));
  }

  @Test
  void defaultsFollowHelseIdAndIdPortenClaimNames() {
    IdentityProvider clinician = IdentityProviders.parse("""
        {"providers":[{"issuer":"https://helseid.example","kind":"clinician","audiences":["a"]}]}""", List.of()).get(0);
    assertEquals("helseid://claims/hpr/hpr_number", clinician.claims().id());
    assertEquals("hpr-", clinician.idPrefix());
    assertEquals(List.of("helseid://claims/client/claims/orgnr_child", "helseid://claims/client/claims/orgnr_parent"),
        clinician.claims().organisation());
    assertEquals(Role.GP, clinician.role());
    assertNull(clinician.minimumAcr());
    assertEquals(List.of("RS256", "PS256", "ES256"), clinician.algorithms());
    IdentityProvider patient = IdentityProviders.parse("""
        {"providers":[{"issuer":"https://idporten.example/","kind":"patient","audiences":["a"]}]}""", List.of()).get(0);
    assertEquals("pid", patient.claims().id());
    assertEquals("acr", patient.claims().acr());
    assertEquals(AssuranceLevel.SUBSTANTIAL, patient.minimumAcr());
  }

  @Test
  void everyMistakeIsRefusedWithAMessageNamingIt() {
    String ok = "\"issuer\":\"https://idp.example\",\"kind\":\"patient\",\"audiences\":[\"a\"]";
    assertMistake("{", "not a JSON object");
    assertMistake("{\"providers\":[]}", "non-empty \"providers\"");
    assertMistake("{\"providers\":[{" + ok + ",\"audience\":\"a\"}]}", "unknown field \"audience\"");
    assertMistake("{\"providers\":[{\"issuer\":\"http://idp.example\",\"kind\":\"patient\",\"audiences\":[\"a\"]}]}",
        "https");
    assertMistake("{\"providers\":[{\"issuer\":\"https://idp.example\",\"kind\":\"robot\",\"audiences\":[\"a\"]}]}",
        "clinician or patient");
    assertMistake("{\"providers\":[{\"issuer\":\"https://idp.example\",\"kind\":\"patient\",\"audiences\":[]}]}",
        "at least one");
    assertMistake("{\"providers\":[{" + ok + ",\"algorithms\":[\"HS256\"]}]}", "HS256 is not accepted");
    assertMistake("{\"providers\":[{" + ok + ",\"minimumAcr\":\"idporten-loa-medium\"}]}", "minimumAcr");
    assertMistake("{\"providers\":[{" + ok + ",\"role\":\"gp\"}]}", "clinician providers only");
    assertMistake("{\"providers\":[{" + ok + ",\"claims\":{\"pid\":\"x\"}}]}", "unknown field \"pid\"");
    assertMistake("{\"providers\":[{" + ok + "},{" + ok + "}]}", "configured twice");
    assertMistake("{\"providers\":[{\"issuer\":\"https://h.example\",\"kind\":\"clinician\",\"audiences\":[\"a\"],"
        + "\"role\":\"patient\"}]}", "clinician-side role");
    assertMistake("{\"providers\":[{\"issuer\":\"https://h.example\",\"kind\":\"clinician\",\"audiences\":[\"a\"],"
        + "\"organisations\":{\"OUS\":\"974557746\"}}]}", "nine-digit");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IdentityProviders.parse("{\"providers\":[{" + ok + "}]}", List.of("https://idp.example/")));
    assertTrue(e.getMessage().contains("https://idp.example/ has no entry"), e.getMessage());
  }

  @Test
  void levelsOfAssuranceAreOrderedAndLegacyNamesCount() {
    assertEquals(AssuranceLevel.HIGH, AssuranceLevel.fromClaim("idporten-loa-high"));
    assertEquals(AssuranceLevel.HIGH, AssuranceLevel.fromClaim("Level4"));
    assertEquals(AssuranceLevel.SUBSTANTIAL, AssuranceLevel.fromClaim("Level3"));
    assertEquals(AssuranceLevel.HIGH, AssuranceLevel.fromClaim(4));
    assertNull(AssuranceLevel.fromClaim("loa-very-high"));
    assertNull(AssuranceLevel.fromClaim(null));
    assertTrue(AssuranceLevel.HIGH.satisfies(AssuranceLevel.SUBSTANTIAL));
    assertTrue(!AssuranceLevel.SUBSTANTIAL.satisfies(AssuranceLevel.HIGH));
  }

  private static void assertMistake(String json, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdentityProviders.parse(json, List.of()));
    assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should mention '" + expected + "'");
  }
}
