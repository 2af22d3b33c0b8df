package io.konsil.common.identity;

import io.konsil.common.token.Role;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the identity-provider file given with {@code --oidc-config} (format in docs/security.md). Every mistake is
 * an {@link IllegalArgumentException} naming the provider and the field: a typo in security settings must stop
 * the node, never weaken a check silently.
 */
public final class IdentityProviders {
  public static final String HELSEID_HPR = "helseid://claims/hpr/hpr_number";
  public static final String HELSEID_SECURITY_LEVEL = "helseid://claims/identity/security_level";
  public static final String HELSEID_ORGNR_CHILD = "helseid://claims/client/claims/orgnr_child";
  public static final String HELSEID_ORGNR_PARENT = "helseid://claims/client/claims/orgnr_parent";

  private static final Set<String> PROVIDER_FIELDS = Set.of("issuer", "kind", "audiences", "algorithms", "claims",
      "idPrefix", "role", "roles", "organisations", "minimumAcr");
  private static final Set<String> CLAIM_FIELDS = Set.of("id", "name", "hpr", "organisation", "role", "acr");
  private static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
      "ES256", "ES384", "ES512");
  private static final List<String> DEFAULT_ALGORITHMS = List.of("RS256", "PS256", "ES256");

  private IdentityProviders() {}

  /**
   * The providers of {@code json}; when {@code enabled} is not empty only those issuers, each of which must be in
   * the file.
   */
  public static List<IdentityProvider> parse(String json, List<String> enabled) {
    JsonObject root;
    try {
      root = new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("not a JSON object: " + e.getMessage());
    }
    if (!(root.getValue("providers") instanceof JsonArray list) || list.isEmpty()) {
      throw new IllegalArgumentException("needs a non-empty \"providers\" array");
    }
    Map<String, IdentityProvider> byIssuer = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject entry)) {
        throw new IllegalArgumentException("providers[" + i + "] is not an object");
      }
      IdentityProvider p = provider(entry, "providers[" + i + "]");
      if (byIssuer.put(p.issuer(), p) != null) {
        throw new IllegalArgumentException("issuer " + p.issuer() + " is configured twice");
      }
    }
    if (enabled.isEmpty()) {
      return List.copyOf(byIssuer.values());
    }
    List<IdentityProvider> chosen = new ArrayList<>();
    for (String issuer : enabled) {
      IdentityProvider p = byIssuer.get(issuer);
      if (p == null) {
        throw new IllegalArgumentException("issuer " + issuer + " has no entry (issuers are compared exactly)");
      }
      if (!chosen.contains(p)) {
        chosen.add(p);
      }
    }
    return List.copyOf(chosen);
  }

  /** Whether {@code url} may be an issuer: https (or http on loopback) without query or fragment. */
  public static boolean acceptableIssuer(String url) {
    return acceptableUrl(url) && URI.create(url).getRawQuery() == null && URI.create(url).getRawFragment() == null;
  }

  /** Whether keys and metadata may be fetched from {@code url}: https, or http on loopback (tests, development). */
  public static boolean acceptableUrl(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null) {
        return false;
      }
      return "https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && isLoopback(uri.getHost()));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
  }

  private static IdentityProvider provider(JsonObject e, String position) {
    unknownFields(e, PROVIDER_FIELDS, position);
    String issuer = string(e, "issuer", position, true);
    if (!acceptableIssuer(issuer)) {
      throw new IllegalArgumentException(position + ".issuer must be an https URL (http only on localhost), got "
          + issuer);
    }
    String where = "issuer " + issuer;
    String kindName = string(e, "kind", where, true);
    IdentityProvider.Kind kind = switch (kindName) {
      case "clinician" -> IdentityProvider.Kind.CLINICIAN;
      case "patient" -> IdentityProvider.Kind.PATIENT;
      default -> throw new IllegalArgumentException(where + ": kind must be clinician or patient, got " + kindName);
    };
    boolean clinician = kind == IdentityProvider.Kind.CLINICIAN;
    List<String> audiences = strings(e, "audiences", where);
    if (audiences.isEmpty()) {
      throw new IllegalArgumentException(where + ": audiences must name at least one accepted aud value");
    }
    List<String> algorithms = e.containsKey("algorithms") ? strings(e, "algorithms", where) : DEFAULT_ALGORITHMS;
    for (String alg : algorithms) {
      if (!ALGORITHMS.contains(alg)) {
        throw new IllegalArgumentException(where + ": algorithm " + alg + " is not accepted (one of " + ALGORITHMS + ")");
      }
    }
    IdentityProvider.Claims claims = claims(e, clinician, where);
    String idPrefix = e.containsKey("idPrefix") ? string(e, "idPrefix", where, false) : clinician ? "hpr-" : "";
    Role role = null;
    Map<String, Role> roles = new LinkedHashMap<>();
    Map<String, String> organisations = new LinkedHashMap<>();
    if (clinician) {
      role = e.containsKey("role") ? clinicianRole(e.getValue("role"), where + ".role") : Role.GP;
      JsonObject roleMap = object(e, "roles", where);
      roleMap.forEach(entry -> roles.put(entry.getKey(), clinicianRole(entry.getValue(), where + ".roles." + entry.getKey())));
      JsonObject orgs = object(e, "organisations", where);
      orgs.forEach(entry -> {
        if (!entry.getKey().matches("\\d{9}") || !(entry.getValue() instanceof String code) || code.isBlank()) {
          throw new IllegalArgumentException(where + ".organisations maps nine-digit organisation numbers to hospital"
              + " codes, got " + entry.getKey() + " -> " + entry.getValue());
        }
        organisations.put(entry.getKey(), code);
      });
    } else if (e.containsKey("role") || e.containsKey("roles") || e.containsKey("organisations")) {
      throw new IllegalArgumentException(where + ": role, roles and organisations apply to clinician providers only");
    }
    AssuranceLevel minimum = clinician ? null : AssuranceLevel.SUBSTANTIAL;
    if (e.containsKey("minimumAcr")) {
      minimum = AssuranceLevel.fromClaim(e.getValue("minimumAcr"));
      if (minimum == null) {
        throw new IllegalArgumentException(where + ".minimumAcr must be idporten-loa-substantial or"
            + " idporten-loa-high (or Level3/Level4, 3/4), got " + e.getValue("minimumAcr"));
      }
    }
    return new IdentityProvider(issuer, kind, audiences, algorithms, claims, idPrefix, role, roles, organisations,
        minimum);
  }

  private static IdentityProvider.Claims claims(JsonObject e, boolean clinician, String where) {
    JsonObject c = object(e, "claims", where);
    unknownFields(c, CLAIM_FIELDS, where + ".claims");
    String w = where + ".claims";
    String id = c.containsKey("id") ? string(c, "id", w, true) : clinician ? HELSEID_HPR : "pid";
    String name = c.containsKey("name") ? string(c, "name", w, true) : "name";
    String hpr = c.containsKey("hpr") ? string(c, "hpr", w, true) : clinician ? HELSEID_HPR : null;
    List<String> organisation = c.containsKey("organisation") ? strings(c, "organisation", w)
        : clinician ? List.of(HELSEID_ORGNR_CHILD, HELSEID_ORGNR_PARENT) : List.of();
    String role = c.containsKey("role") ? string(c, "role", w, true) : null;
    String acr = c.containsKey("acr") ? string(c, "acr", w, true) : clinician ? HELSEID_SECURITY_LEVEL : "acr";
    return new IdentityProvider.Claims(id, name, hpr, organisation, role, acr);
  }

  private static Role clinicianRole(Object value, String where) {
    Role role = Role.fromClaim(value);
    if (role == null || role == Role.PATIENT) {
      throw new IllegalArgumentException(where + " must be a clinician-side role (gp, specialist, nurse, interpreter,"
          + " observer, admin), got " + value);
    }
    return role;
  }

  private static void unknownFields(JsonObject o, Set<String> known, String where) {
    for (String key : o.fieldNames()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(where + ": unknown field \"" + key + "\" (known: " + known + ")");
      }
    }
  }

  private static String string(JsonObject o, String field, String where, boolean nonEmpty) {
    Object v = o.getValue(field);
    if (!(v instanceof String s) || (nonEmpty && s.isBlank())) {
      throw new IllegalArgumentException(where + ": " + field + " must be a" + (nonEmpty ? " non-empty" : "")
          + " string");
    }
    return s;
  }

  private static List<String> strings(JsonObject o, String field, String where) {
    Object v = o.getValue(field);
    if (!(v instanceof JsonArray array)) {
      throw new IllegalArgumentException(where + ": " + field + " must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s) || s.isBlank()) {
        throw new IllegalArgumentException(where + ": " + field + " must be an array of non-empty strings");
      }
      out.add(s);
    }
    return out;
  }

  private static JsonObject object(JsonObject o, String field, String where) {
    Object v = o.getValue(field);
    if (v == null) {
      return new JsonObject();
    }
    if (!(v instanceof JsonObject obj)) {
      throw new IllegalArgumentException(where + ": " + field + " must be an object");
    }
    return obj;
  }
}
