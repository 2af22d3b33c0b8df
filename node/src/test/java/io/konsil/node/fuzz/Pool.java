package io.konsil.node.fuzz;

import io.konsil.common.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plausible values for the generators — real ids of the demo data and of what the campaign created, valid tokens of
 * every role, a few broken ones — so that generated requests reach the handlers, not only the validation in front.
 */
final class Pool {
  private static final List<String> ROLES = List.of("patient", "gp", "specialist", "nurse", "interpreter", "observer",
      "admin");
  private static final List<String> USERS = List.of("patient-kari", "patient-ola", "patient-aisha", "gp-hansen",
      "spec-ous-cardiology", "admin-konsil", "fuzz-user");

  private final TestTokens tokens;
  private final List<String> tokenList = new CopyOnWriteArrayList<>();
  final List<String> ids = new CopyOnWriteArrayList<>(List.of("a-demo-kari-now", "a-demo-aisha-now", "gp-hansen",
      "spec-ous-cardiology", "r-demo-history-0-0", "no-such-id"));
  final List<String> rooms = new CopyOnWriteArrayList<>();
  final List<String> words = new CopyOnWriteArrayList<>(List.of("cardiology", "general-practice", "OUS", "SLK",
      "helse-sor-ost", "nb", "en", "patient-kari", "normal", "urgent", "video", "in-person"));

  Pool(TestTokens tokens) {
    this.tokens = tokens;
    for (String user : USERS) {
      for (String role : ROLES) {
        JsonObject claims = tokens.claims(user, "Fuzz " + user, role, false, "*");
        if (role.equals("gp") || role.equals("specialist") || role.equals("nurse") || role.equals("admin")) {
          claims.getJsonObject("context").getJsonObject("user").put("hospital", role.equals("gp") ? "SLK" : "OUS");
        }
        tokenList.add(tokens.hs256(claims));
      }
    }
  }

  /** A token: mostly valid (any user, any role), sometimes forged, expired, garbage or none. */
  String token(Garbage g) {
    int kind = g.below(100);
    if (kind < 80) {
      return g.pick(tokenList);
    }
    if (kind < 85) {
      return null;
    }
    if (kind < 90) {
      return tokens.hs256(tokens.claims("patient-kari", "Kari", "patient", false, "*"), "another-secret-of-enough-length!!");
    }
    if (kind < 93) {
      JsonObject expired = tokens.claims("patient-kari", "Kari", "patient", false, "*");
      expired.put("exp", 1_000_000_000L).put("nbf", 999_999_000L);
      return tokens.hs256(expired);
    }
    return g.string().replaceAll("[^\\x21-\\x7e]", "");
  }

  /** For the agenda's event stream: never a clinician's valid token (that answer would be an endless stream). */
  String agendaToken(Garbage g) {
    return g.chance(50) ? tokens.patient("patient-kari", "*") : g.string();
  }

  String id(Garbage g) {
    return g.chance(75) ? g.pick(ids) : g.string();
  }

  String room(Garbage g) {
    return rooms.isEmpty() || g.chance(30) ? "room-" + g.below(100) : g.pick(rooms);
  }

  String word(Garbage g) {
    return g.chance(60) ? g.pick(words) : g.pick(ids);
  }

  String date(Garbage g) {
    return LocalDate.now().plusDays(g.below(40) - 5).toString();
  }

  void learn(String id) {
    if (id != null && ids.size() < 2_000) {
      ids.add(id);
    }
  }
}
