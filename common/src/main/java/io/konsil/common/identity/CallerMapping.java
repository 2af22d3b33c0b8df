package io.konsil.common.identity;

import io.konsil.common.error.KonsilException;
import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Turns the claims of a verified identity-provider token into a {@link Caller}: a patient by {@code pid} at a
 * sufficient level of assurance, or a clinician by HPR number with a role and the hospital their organisation
 * number maps to. The token opens no room (room tokens come from {@code POST /api/v1/appointments/{id}/join}).
 */
public final class CallerMapping {
  private CallerMapping() {}

  public static Caller caller(IdentityProvider provider, Map<String, Object> claims, Instant expiresAt, String jti) {
    IdentityProvider.Claims names = provider.claims();
    if (provider.minimumAcr() != null) {
      AssuranceLevel level = AssuranceLevel.fromClaim(claims.get(names.acr()));
      if (level == null || !level.satisfies(provider.minimumAcr())) {
        throw KonsilException.unauthorized("token-acr-too-low",
            "The login's level of assurance is below what this service requires");
      }
    }
    String idValue = text(claims.get(names.id()));
    if (idValue == null) {
      throw KonsilException.unauthorized("token-claim-missing", "The token has no " + names.id() + " claim");
    }
    String id = provider.idPrefix() + idValue;
    String name = text(claims.get(names.name()));
    if (provider.kind() == IdentityProvider.Kind.PATIENT) {
      return new Caller(id, name, null, null, Role.PATIENT, false, null, null, provider.issuer(), expiresAt, jti, null);
    }
    Role role = provider.role();
    String roleValue = names.role() == null ? null : text(claims.get(names.role()));
    if (roleValue != null) {
      role = provider.roles().getOrDefault(roleValue, role);
    }
    String hpr = names.hpr() == null ? null : text(claims.get(names.hpr()));
    return new Caller(id, name, null, null, role, role.moderatesByDefault(), hospital(provider, claims), null,
        provider.issuer(), expiresAt, jti, hpr);
  }

  /** The hospital of the first organisation claim that maps to one; null when the provider maps none. */
  private static String hospital(IdentityProvider provider, Map<String, Object> claims) {
    if (provider.organisations().isEmpty()) {
      return null;
    }
    for (String claim : provider.claims().organisation()) {
      String orgnr = text(claims.get(claim));
      if (orgnr != null && provider.organisations().containsKey(orgnr)) {
        return provider.organisations().get(orgnr);
      }
    }
    throw KonsilException.unauthorized("token-organisation-unknown",
        "The token's organisation is not one this network serves");
  }

  /** A claim as text; a single-valued array counts as its value (some providers send every claim as a list). */
  private static String text(Object value) {
    if (value instanceof Collection<?> list && list.size() == 1) {
      value = list.iterator().next();
    }
    if (value instanceof String s) {
      return s.isBlank() ? null : s.trim();
    }
    return value instanceof Number n ? n.toString() : null;
  }
}
