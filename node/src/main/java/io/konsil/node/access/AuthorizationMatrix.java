package io.konsil.node.access;

import io.konsil.common.token.Role;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Who may do what: every REST operation and signaling action against every role, and across hospitals. The one
 * source of the table in docs/security.md ({@code AuthorizationMatrixTest} fails when the document differs; {@link
 * #main} prints the table) and of the generated test per cell ({@code AuthorizationMatrixTest#cells}), which checks
 * each grant against a running node with real tokens. The features enforce it where they decide (BookingService,
 * ReferralService, SecondOpinionService, the routes' role checks, CallRules); this is the specification they are
 * held to.
 */
public final class AuthorizationMatrix {
  /** The roles, in the table's column order. */
  public static final List<Role> ROLES = List.of(Role.PATIENT, Role.GP, Role.SPECIALIST, Role.NURSE, Role.INTERPRETER,
      Role.OBSERVER, Role.ADMIN);

  public enum Surface { REST, SIGNALING }

  /** What one role may do with one operation; {@code label} is how the table writes it. */
  public enum Grant {
    /** Allowed, whatever the caller's relation to the data. */
    YES("yes"),
    /** Only the patient's own data; another patient's is 404 (booking for someone else: 422). */
    OWN("own"),
    /** Only as a party: the patient, the clinician it is with, whoever booked it / wrote / requested / accepted it. */
    PARTY("party"),
    /** A party, or a clinician of the hospital that holds it (the token's hospital); other hospitals: 404. */
    HOSPITAL("party or hospital"),
    /** Addressed to them: their specialty, and their hospital or any hospital; or written by them. */
    ADDRESSED("addressed"),
    /** Every one (admins). */
    ALL("all"),
    /** 403 {@code forbidden-role}. */
    FORBIDDEN("403"),
    /** Never theirs to see: 404 (lists: none listed). */
    HIDDEN("404"),
    /** Moderators only (gp, specialist, or a token with {@code moderator: true}): else error {@code not-moderator}. */
    MODERATOR("moderator"),
    /** Once in the call (admitted); while waiting: error {@code not-admitted}. */
    IN_CALL("in call"),
    /** Signaling: refused with error {@code not-moderator}; the connection stays open. */
    REFUSED("no"),
    /** Enters the lobby and waits until a moderator admits them (or the lobby is off). */
    LOBBY("lobby");

    public final String label;

    Grant(String label) {
      this.label = label;
    }

    /** Whether the grant lets the caller through when related as the grant requires. */
    public boolean allows() {
      return this != FORBIDDEN && this != HIDDEN && this != REFUSED;
    }

    /** Whether the grant depends on the caller's relation to the data (so an unrelated caller gets 404). */
    public boolean relational() {
      return this == OWN || this == PARTY || this == HOSPITAL || this == ADDRESSED;
    }
  }

  /** One row: {@code call} as written in the table; {@code acrossHospitals} the rule for another hospital's data. */
  public record Operation(String id, Surface surface, String call, Map<Role, Grant> grants, String acrossHospitals) {
    public Grant grant(Role role) {
      return grants.get(role);
    }
  }

  public static final List<Operation> OPERATIONS = List.of(
      rest("slots.search", "GET /slots", "yes yes yes yes yes yes yes", "every hospital's free slots"),
      rest("slots.hold", "POST /slots/{id}/hold", "yes yes yes yes 403 403 yes", "any hospital's slot"),
      rest("appointments.book", "POST /appointments", "own yes yes yes 403 403 yes",
          "a clinician books any hospital's slot for a patient and becomes a party (booker)"),
      rest("appointments.list", "GET /appointments", "own party party party 403 403 party",
          "only appointments they are a party to: their agenda and what they booked for patients anywhere"),
      rest("appointments.hospital", "GET /appointments?scope=hospital", "403 hospital hospital hospital 403 403 hospital",
          "own hospital only"),
      rest("appointments.read", "GET /appointments/{id}", "own hospital hospital hospital 404 404 all",
          "404 unless a party (patient, clinician, booker)"),
      rest("appointments.emergency", "GET /appointments/{id} with Konsil-Emergency-Access",
          "403 yes yes yes 403 403 403", "any hospital's, logged with basis emergency and the reason code"),
      rest("appointments.cancel", "POST /appointments/{id}/cancel", "own party party party 404 404 all",
          "404 unless a party"),
      rest("appointments.reschedule", "POST /appointments/{id}/reschedule", "own party party party 404 404 all",
          "404 unless a party"),
      rest("appointments.join", "POST /appointments/{id}/join", "own party party party 404 404 404",
          "404 unless a party"),
      rest("agenda.read", "GET /agenda", "403 party party party 403 403 403", "their own agenda only"),
      rest("referrals.create", "POST /referrals", "403 yes 403 403 403 403 403", "to any hospital, or to all"),
      rest("referrals.list", "GET /referrals", "own party addressed addressed 404 404 all",
          "only referrals addressed to their hospital (or to any)"),
      rest("referrals.read", "GET /referrals/{id}", "own party addressed addressed 404 404 all",
          "404 unless addressed to their hospital (or to any)"),
      rest("referrals.assess", "POST /referrals/{id}/assess", "403 403 addressed 403 403 403 403",
          "404 unless addressed to their hospital (or to any)"),
      rest("second-opinions.create", "POST /second-opinions", "403 yes yes 403 403 403 403",
          "asks chosen hospitals, or all"),
      rest("second-opinions.read", "GET /second-opinions/{id}", "own party addressed 404 404 404 all",
          "404 unless a party or open and addressed to their hospital (or to any)"),
      rest("second-opinions.accept", "POST /second-opinions/{id}/accept", "403 403 addressed 403 403 403 403",
          "404 unless addressed to their hospital (or to any)"),
      rest("second-opinions.join", "POST /second-opinions/{id}/join", "own party party 404 404 404 404",
          "404 unless a party"),
      rest("rooms.invite", "POST /rooms/{room}/invites", "403 party party party 403 403 403",
          "404 unless they lead the consultation"),
      rest("me", "GET /me", "yes yes yes yes yes yes yes", "—"),
      rest("network.read", "GET /hospitals, /specialties, /clinicians, /waiting-times", "yes yes yes yes yes yes yes",
          "the whole network (no patient data)"),
      rest("schedule.read", "GET /clinicians/{id}/schedule", "403 yes yes yes 403 403 yes", "any clinician's"),
      rest("schedule.write", "PUT /clinicians/{id}/schedule", "403 403 403 403 403 403 yes", "any clinician's"),
      rest("access-log.mine", "GET /me/access-log", "own 403 403 403 403 403 403", "—"),
      rest("audit.search", "GET /audit, GET /audit/verify", "403 403 403 403 403 403 all", "the whole network"),
      signal("signal.join", "connect /signal/{room}", "lobby yes yes lobby lobby lobby lobby",
          "a room token comes only from a join of their own consultation or an invitation"),
      signal("signal.admit", "admit, deny", "no moderator moderator no no no no", "in that room only"),
      signal("signal.kick", "kick", "no moderator moderator no no no no", "in that room only"),
      signal("signal.end", "end", "no moderator moderator no no no no", "in that room only"),
      signal("signal.lobby", "lobby-toggle, lobby-message", "no moderator moderator no no no no",
          "in that room only"),
      signal("signal.record", "record, recording-consent-request, recordings", "no moderator moderator no no no no",
          "only while everyone in the call consents, through the media server"),
      signal("signal.chat", "chat, update, offer, answer, candidate", "in-call in-call in-call in-call in-call in-call "
          + "in-call", "in that room only"),
      signal("signal.consent", "consent, leave, ping", "yes yes yes yes yes yes yes", "in that room only"),
      signal("signal.sfu", "sfu-publish, sfu-subscribe, sfu-answer, sfu-candidate, sfu-unsubscribe, sfu-layer",
          "in-call in-call in-call in-call in-call in-call in-call", "calls through the media server only"));

  private AuthorizationMatrix() {}

  private static Operation rest(String id, String call, String grants, String across) {
    return new Operation(id, Surface.REST, call, grants(grants), across);
  }

  private static Operation signal(String id, String call, String grants, String across) {
    return new Operation(id, Surface.SIGNALING, call, grants(grants), across);
  }

  private static Map<Role, Grant> grants(String cells) {
    String[] words = cells.split(" ");
    if (words.length != ROLES.size()) {
      throw new IllegalArgumentException("one grant per role: " + cells);
    }
    Map<Role, Grant> map = new EnumMap<>(Role.class);
    for (int i = 0; i < words.length; i++) {
      map.put(ROLES.get(i), switch (words[i]) {
        case "yes" -> Grant.YES;
        case "own" -> Grant.OWN;
        case "party" -> Grant.PARTY;
        case "hospital" -> Grant.HOSPITAL;
        case "addressed" -> Grant.ADDRESSED;
        case "all" -> Grant.ALL;
        case "403" -> Grant.FORBIDDEN;
        case "404" -> Grant.HIDDEN;
        case "moderator" -> Grant.MODERATOR;
        case "in-call" -> Grant.IN_CALL;
        case "lobby" -> Grant.LOBBY;
        case "no" -> Grant.REFUSED;
        default -> throw new IllegalArgumentException("unknown grant " + words[i]);
      });
    }
    return map;
  }

  public static Operation operation(String id) {
    return OPERATIONS.stream().filter(o -> o.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no operation " + id));
  }

  /** The Markdown table of docs/security.md (REST paths under /api/v1). */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    List<String> head = new ArrayList<>(List.of("operation"));
    ROLES.forEach(r -> head.add(r.wire()));
    head.add("another hospital's patient");
    row(out, head);
    List<String> rule = new ArrayList<>();
    head.forEach(h -> rule.add("---"));
    row(out, rule);
    for (Surface surface : Surface.values()) {
      for (Operation op : OPERATIONS) {
        if (op.surface() != surface) {
          continue;
        }
        List<String> cells = new ArrayList<>();
        cells.add((surface == Surface.REST ? "" : "signal: ") + "`" + op.call() + "`");
        ROLES.forEach(r -> cells.add(op.grant(r).label));
        cells.add(op.acrossHospitals());
        row(out, cells);
      }
    }
    return out.toString();
  }

  private static void row(StringBuilder out, List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  /** Prints the table (paste it between the markers in docs/security.md). */
  public static void main(String[] args) {
    System.out.print(markdown());
  }
}
