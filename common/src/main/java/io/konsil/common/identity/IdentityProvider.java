package io.konsil.common.identity;

import io.konsil.common.token.Role;
import java.util.List;
import java.util.Map;

/**
 * One trusted OpenID Connect issuer and how its tokens map to a Konsil caller (see docs/security.md, "Identity
 * providers"). {@code issuer} is compared exactly with the discovery document's {@code issuer} and each token's
 * {@code iss}.
 *
 * @param audiences a token's {@code aud} must contain one of these
 * @param algorithms accepted JWS algorithms (asymmetric only)
 * @param claims which claims carry the id, name, HPR number, organisation numbers, role and acr
 * @param idPrefix prepended to the id claim's value (e.g. {@code hpr-}), so that ids from different sources
 *     cannot collide
 * @param role the role of every caller of a clinician provider unless {@code roles} maps the role claim
 * @param roles role-claim value → role
 * @param organisations organisation number → hospital code; when not empty, a clinician must act for one of them
 * @param minimumAcr the lowest accepted level of assurance, null for no check
 */
public record IdentityProvider(
    String issuer,
    Kind kind,
    List<String> audiences,
    List<String> algorithms,
    Claims claims,
    String idPrefix,
    Role role,
    Map<String, Role> roles,
    Map<String, String> organisations,
    AssuranceLevel minimumAcr) {

  /** Whose logins the provider vouches for: health personnel (HelseID-style) or citizens (ID-porten-style). */
  public enum Kind { CLINICIAN, PATIENT }

  /**
   * Claim names. {@code organisation} lists claims in order of preference (the point of care before the legal
   * entity); the first whose value maps to a hospital wins. Absent names are not read.
   */
  public record Claims(String id, String name, String hpr, List<String> organisation, String role, String acr) {}

  public IdentityProvider {
    audiences = List.copyOf(audiences);
    algorithms = List.copyOf(algorithms);
    roles = Map.copyOf(roles);
    organisations = Map.copyOf(organisations);
  }
}
