package io.konsil.node.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.ScriptedSocket;
import io.konsil.common.testing.TestTokens;
import io.konsil.common.token.Role;
import io.konsil.node.KonsilNode;
import io.konsil.node.access.AuthorizationMatrix.Grant;
import io.konsil.node.access.AuthorizationMatrix.Operation;
import io.konsil.node.access.AuthorizationMatrix.Surface;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The authorization matrix ({@link AuthorizationMatrix}) is what docs/security.md shows, and what a running node
 * (demo network, real HS256 tokens with role and hospital claims, real HTTP and WebSocket clients) does: one test per
 * cell, generated from the matrix. A relational cell (own, party, hospital, addressed) is checked twice: the related
 * caller gets through, an unrelated one of another hospital gets 404.
 */
class AuthorizationMatrixTest {
  static final String BEGIN = "<!-- authorization-matrix:begin (generated: AuthorizationMatrix.main) -->";
  static final String END = "<!-- authorization-matrix:end -->";
  private static final TestTokens TOKENS = new TestTokens();
  private static Vertx vertx;
  private static KonsilNode node;
  private static WebClient http;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    KonsilConfig base = KonsilConfig.defaults(0, TestTokens.APP_ID, TestTokens.SECRET).withDemo(true);
    node = KonsilNode.start(vertx, base.withHttp(new KonsilConfig.Http(null, KonsilConfig.RateLimits.off(), false)))
        .await();
    http = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    node.stop().await();
    vertx.close().await();
  }

  @Test
  void theSecurityDocumentShowsTheMatrixAsTheCodeHoldsIt() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "security.md"));
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    assertTrue(begin >= 0 && end > begin, "docs/security.md has the matrix between " + BEGIN + " and " + END);
    String table = doc.substring(begin + BEGIN.length(), end).strip() + "\n";
    assertEquals(AuthorizationMatrix.markdown(), table,
        "docs/security.md differs from AuthorizationMatrix: paste the output of AuthorizationMatrix.main");
  }

  @TestFactory
  Stream<DynamicTest> cells() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Operation op : AuthorizationMatrix.OPERATIONS) {
      Probe probe = PROBES.get(op.id());
      if (probe == null) {
        continue;
      }
      for (Role role : AuthorizationMatrix.ROLES) {
        Grant grant = op.grant(role);
        tests.add(DynamicTest.dynamicTest(op.call() + " as " + role.wire() + ": " + grant.label,
            () -> check(op, role, grant, probe)));
      }
    }
    return tests.stream();
  }

  /** Every operation has its probe: a row nobody tests would be a promise nobody keeps. */
  @Test
  void everyRowOfTheMatrixIsProbed() {
    List<String> missing = AuthorizationMatrix.OPERATIONS.stream().map(Operation::id)
        .filter(id -> !PROBES.containsKey(id)).toList();
    assertEquals(List.of(), missing);
  }

  private static void check(Operation op, Role role, Grant grant, Probe probe) throws Exception {
    Outcome related = probe.run(new Ask(role, grant, true));
    if (op.surface() == Surface.SIGNALING) {
      String expected = switch (grant) {
        case REFUSED -> "not-moderator";
        case LOBBY -> "lobby";
        default -> "ok";
      };
      assertEquals(expected, related.signal(), op.call() + " as " + role.wire());
      // Moderators never wait in the lobby; everyone else is checked there too.
      if (grant == Grant.IN_CALL && !role.moderatesByDefault()) {
        assertEquals("not-admitted", probe.run(new Ask(role, grant, false)).signal(),
            op.call() + " as " + role.wire() + " while waiting in the lobby");
      }
      return;
    }
    switch (grant) {
      case FORBIDDEN -> assertEquals(403, related.status(), related.describe());
      case HIDDEN -> assertTrue(related.hidden(), "expected 404 / not listed: " + related.describe());
      default -> {
        assertTrue(related.allowed(), "expected through: " + related.describe());
        if (grant.relational()) {
          Outcome unrelated = probe.run(new Ask(role, grant, false));
          assertTrue(unrelated.hidden(), "another hospital's / patient's: expected 404 / not listed: "
              + unrelated.describe());
        }
      }
    }
  }

  // ---- outcomes

  /** An HTTP status and, for lists, whether the target was in it; or a signaling outcome. */
  record Outcome(int status, Boolean listed, String signal, String body) {
    static Outcome of(HttpResponse<Buffer> r) {
      return new Outcome(r.statusCode(), null, null, r.bodyAsString());
    }

    static Outcome listing(HttpResponse<Buffer> r, String id) {
      boolean found = r.statusCode() == 200 && r.bodyAsString().contains("\"" + id + "\"");
      return new Outcome(r.statusCode(), found, null, r.bodyAsString());
    }

    static Outcome signal(String s) {
      return new Outcome(0, null, s, null);
    }

    /** Through the authorization check: 2xx (listing the target), or 409 (a business rule after it). */
    boolean allowed() {
      return ((status >= 200 && status < 300) || status == 409) && (listed == null || listed);
    }

    /** Refused without revealing it exists: 404, a booking for someone else refused (422), or not in the list. */
    boolean hidden() {
      return status == 404 || status == 422 || (status == 200 && Boolean.FALSE.equals(listed));
    }

    String describe() {
      return status + " " + (body == null ? "" : body.length() > 300 ? body.substring(0, 300) : body);
    }
  }

  /** The caller's role, the grant under test, and whether to act as a related caller or an unrelated one. */
  record Ask(Role role, Grant grant, boolean related) {}

  @FunctionalInterface
  interface Probe {
    Outcome run(Ask ask) throws Exception;
  }

  // ---- callers

  /** A caller's token: role and hospital claims as an identity provider (or Jitsi-style minting) gives them. */
  static String token(String id, Role role, String hospital, String room) {
    JsonObject claims = TOKENS.claims(id, "User " + id, role.wire(), role.moderatesByDefault(), room);
    if (hospital != null) {
      claims.getJsonObject("context").getJsonObject("user").put("hospital", hospital);
    }
    return TOKENS.hs256(claims);
  }

  static String token(String id, Role role, String hospital) {
    return token(id, role, hospital, "*");
  }

  static final String PATIENT = token("patient-kari", Role.PATIENT, null);
  static final String OTHER_PATIENT = token("patient-ola", Role.PATIENT, null);
  static final String BOOKING_GP = token("gp-hansen", Role.GP, "SLK");
  static final String ADMIN = token("admin-konsil", Role.ADMIN, "OUS");
  /** The specialist whose slots the target appointments take (cardiology at OUS). */
  static final String CARDIOLOGIST = token("spec-ous-cardiology", Role.SPECIALIST, "OUS");

  /**
   * Who acts for {@code ask} on an appointment at OUS with spec-ous-cardiology, booked for patient-kari by {@code
   * booker}: related as the grant requires, or unrelated (another patient, a clinician of another hospital).
   */
  static String appointmentCaller(Ask ask, String bookerId) {
    Role r = ask.role();
    if (!ask.related()) {
      return switch (r) {
        case PATIENT -> OTHER_PATIENT;
        case GP -> token("gp-larsen", Role.GP, "BLS");
        case SPECIALIST -> token("spec-hus-cardiology", Role.SPECIALIST, "HUS");
        case NURSE -> token("nurse-bls", Role.NURSE, "BLS");
        default -> token(r.wire() + "-other", r, "BLS");
      };
    }
    return switch (r) {
      case PATIENT -> PATIENT;
      case GP -> ask.grant() == Grant.HOSPITAL ? token("gp-ous", Role.GP, "OUS") : BOOKING_GP;
      case SPECIALIST -> CARDIOLOGIST;
      case NURSE -> ask.grant() == Grant.HOSPITAL ? token("nurse-dahl", Role.NURSE, "OUS")
          : token(bookerId, Role.NURSE, "OUS");
      case ADMIN -> ADMIN;
      default -> token(r.wire() + "-1", r, null);
    };
  }

  /** The booker for {@code ask}: a nurse is a party only by booking; everyone else's party is gp-hansen's booking. */
  static String booker(Ask ask) {
    return ask.role() == Role.NURSE && ask.grant() == Grant.PARTY ? "nurse-dahl" : "gp-hansen";
  }

  // ---- REST

  static HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body) throws Exception {
    return call(method, path, token, body, Map.of());
  }

  static HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body,
                                   Map<String, String> headers) throws Exception {
    HttpRequest<Buffer> req = http.request(method, node.port(), "127.0.0.1", "/api/v1" + path);
    headers.forEach(req::putHeader);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    if (method == HttpMethod.POST && path.equals("/appointments")) {
      req.putHeader("Idempotency-Key", UUID.randomUUID().toString());
    }
    Future<HttpResponse<Buffer>> f = body == null ? req.send() : req.sendJsonObject(body);
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  static HttpResponse<Buffer> get(String path, String token) throws Exception {
    return call(HttpMethod.GET, path, token, null);
  }

  static HttpResponse<Buffer> post(String path, String token, JsonObject body) throws Exception {
    return call(HttpMethod.POST, path, token, body == null ? new JsonObject() : body);
  }

  /** A free cardiology slot at OUS (spec-ous-cardiology's), a different one each time. */
  static synchronized String freeSlot() throws Exception {
    return freeSlot("cardiology", "OUS", "spec-ous-cardiology");
  }

  static synchronized String freeSlot(String specialty, String hospital, String clinician) throws Exception {
    String cursor = null;
    for (int page = 0; page < 50; page++) {
      HttpResponse<Buffer> r = get("/slots?specialty=" + specialty + "&hospital=" + hospital + "&limit=100"
          + (cursor == null ? "" : "&cursor=" + cursor), PATIENT);
      JsonArray items = r.bodyAsJsonObject().getJsonArray("items");
      for (int i = 0; i < items.size(); i++) {
        JsonObject s = items.getJsonObject(i);
        if (clinician.equals(s.getString("clinicianId")) && TAKEN.add(s.getString("id"))) {
          return s.getString("id");
        }
      }
      cursor = r.bodyAsJsonObject().getString("next");
      if (cursor == null) {
        break;
      }
    }
    throw new IllegalStateException("no free slot of " + clinician + " left");
  }

  private static final java.util.Set<String> TAKEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** An appointment for patient-kari at spec-ous-cardiology's slot, booked by {@code bookerId}. */
  static JsonObject appointment(String bookerId) throws Exception {
    Role role = bookerId.startsWith("nurse") ? Role.NURSE : bookerId.startsWith("admin") ? Role.ADMIN : Role.GP;
    String booker = token(bookerId, role, role == Role.GP ? "SLK" : "OUS");
    HttpResponse<Buffer> r = post("/appointments", booker,
        new JsonObject().put("slotId", freeSlot()).put("patientId", "patient-kari"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static JsonObject referral(String hospital) throws Exception {
    HttpResponse<Buffer> r = post("/referrals", BOOKING_GP, new JsonObject().put("patientId", "patient-kari")
        .put("specialty", "cardiology").put("priority", "normal").put("clinicalQuestion", "Palpitations")
        .put("deadline", "2099-01-01").put("hospital", hospital));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static JsonObject secondOpinion() throws Exception {
    HttpResponse<Buffer> r = post("/second-opinions", BOOKING_GP, new JsonObject().put("specialty", "cardiology")
        .put("question", "Pacemaker?").put("patientId", "patient-kari").put("hospitals", new JsonArray().add("OUS")));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  /** Who acts on a referral to cardiology at OUS written by gp-hansen for patient-kari. */
  static String referralCaller(Ask ask) {
    if (!ask.related()) {
      return appointmentCaller(ask, "gp-hansen");
    }
    return switch (ask.role()) {
      case NURSE -> token("nurse-dahl", Role.NURSE, "OUS");
      default -> appointmentCaller(new Ask(ask.role(), Grant.PARTY, true), "gp-hansen");
    };
  }

  static final Map<String, Probe> PROBES = Map.ofEntries(
      Map.entry("slots.search", ask -> Outcome.of(get("/slots?limit=1", appointmentCaller(ask, "gp-hansen")))),
      Map.entry("slots.hold", ask -> Outcome.of(post("/slots/" + freeSlot() + "/hold",
          appointmentCaller(ask, "gp-hansen"), null))),
      Map.entry("appointments.book", ask -> {
        String caller = appointmentCaller(new Ask(ask.role(), Grant.PARTY, true), "nurse-dahl");
        // Unrelated for a patient: booking for someone else.
        String patient = ask.related() ? "patient-kari" : "patient-ola";
        return Outcome.of(post("/appointments", caller, new JsonObject().put("slotId", freeSlot())
            .put("patientId", patient)));
      }),
      Map.entry("appointments.list", ask -> {
        // A booker's own list holds what they booked for patients at other clinicians, beside their agenda: gp-hansen
        // (SLK) and nurse-dahl book at OUS's cardiologist, and a related admin books too.
        String bookerId = ask.role() == Role.ADMIN && ask.related() ? "admin-konsil" : booker(ask);
        JsonObject a = appointment(bookerId);
        String caller = ask.role() == Role.ADMIN && ask.related() ? ADMIN : appointmentCaller(ask, bookerId);
        return Outcome.listing(get("/appointments?from=2000-01-01&to=2099-01-01", caller), a.getString("id"));
      }),
      Map.entry("appointments.hospital", ask -> {
        JsonObject a = appointment("gp-hansen");
        return Outcome.listing(get("/appointments?scope=hospital&from=2000-01-01&to=2099-01-01",
            appointmentCaller(new Ask(ask.role(), Grant.HOSPITAL, ask.related()), "gp-hansen")), a.getString("id"));
      }),
      Map.entry("appointments.read", ask -> {
        JsonObject a = appointment(booker(ask));
        return Outcome.of(get("/appointments/" + a.getString("id"), appointmentCaller(ask, booker(ask))));
      }),
      Map.entry("appointments.emergency", ask -> {
        // Read by someone with no relation to it (another hospital's clinician, another patient).
        JsonObject a = appointment("gp-hansen");
        return Outcome.of(call(HttpMethod.GET, "/appointments/" + a.getString("id"),
            appointmentCaller(new Ask(ask.role(), ask.grant(), false), "gp-hansen"), null,
            Map.of("Konsil-Emergency-Access", "acute-care")));
      }),
      Map.entry("appointments.cancel", ask -> {
        JsonObject a = appointment(booker(ask));
        return Outcome.of(post("/appointments/" + a.getString("id") + "/cancel", appointmentCaller(ask, booker(ask)),
            null));
      }),
      Map.entry("appointments.reschedule", ask -> {
        JsonObject a = appointment(booker(ask));
        return Outcome.of(post("/appointments/" + a.getString("id") + "/reschedule",
            appointmentCaller(ask, booker(ask)), new JsonObject().put("slotId", freeSlot())));
      }),
      Map.entry("appointments.join", ask -> {
        // Tomorrow's slot: a party gets through to the window check (409), anyone else 404.
        JsonObject a = appointment(booker(ask));
        return Outcome.of(post("/appointments/" + a.getString("id") + "/join", appointmentCaller(ask, booker(ask)),
            null));
      }),
      Map.entry("agenda.read", ask -> {
        // A clinician's agenda holds the appointments at their own slots, and nobody else's.
        String[] own = switch (ask.role()) {
          case GP -> new String[] {"general-practice", "SLK", "gp-hansen"};
          case NURSE -> new String[] {"cardiology", "OUS", "nurse-dahl"};
          default -> new String[] {"cardiology", "OUS", "spec-ous-cardiology"};
        };
        String slot = freeSlot(own[0], own[1], own[2]);
        HttpResponse<Buffer> booked = post("/appointments", PATIENT, new JsonObject().put("slotId", slot));
        assertEquals(201, booked.statusCode(), booked.bodyAsString());
        String date = booked.bodyAsJsonObject().getString("start").substring(0, 10);
        String caller = !ask.related() ? appointmentCaller(ask, "gp-hansen")
            : token(own[2], ask.role(), own[1]);
        return Outcome.listing(get("/agenda?date=" + date, caller), booked.bodyAsJsonObject().getString("id"));
      }),
      Map.entry("referrals.create", ask -> Outcome.of(post("/referrals", appointmentCaller(ask, "gp-hansen"),
          new JsonObject().put("patientId", "patient-kari").put("specialty", "cardiology").put("priority", "normal")
              .put("clinicalQuestion", "Palpitations").put("deadline", "2099-01-01")))),
      Map.entry("referrals.list", ask -> {
        JsonObject r = referral("OUS");
        return Outcome.listing(get("/referrals", referralCaller(ask)), r.getString("id"));
      }),
      Map.entry("referrals.read", ask -> {
        JsonObject r = referral("OUS");
        return Outcome.of(get("/referrals/" + r.getString("id"), referralCaller(ask)));
      }),
      Map.entry("referrals.assess", ask -> {
        JsonObject r = referral("OUS");
        return Outcome.of(post("/referrals/" + r.getString("id") + "/assess", referralCaller(ask), null));
      }),
      Map.entry("second-opinions.create", ask -> Outcome.of(post("/second-opinions",
          appointmentCaller(new Ask(ask.role(), Grant.PARTY, true), "gp-hansen"), new JsonObject()
              .put("specialty", "cardiology").put("question", "Pacemaker?").put("patientId", "patient-kari")))),
      Map.entry("second-opinions.read", ask -> {
        JsonObject so = secondOpinion();
        return Outcome.of(get("/second-opinions/" + so.getString("id"), referralCaller(ask)));
      }),
      Map.entry("second-opinions.accept", ask -> {
        JsonObject so = secondOpinion();
        return Outcome.of(post("/second-opinions/" + so.getString("id") + "/accept", referralCaller(ask), null));
      }),
      Map.entry("second-opinions.join", ask -> {
        JsonObject so = secondOpinion();
        assertEquals(200, post("/second-opinions/" + so.getString("id") + "/accept", CARDIOLOGIST, null)
            .statusCode());
        return Outcome.of(post("/second-opinions/" + so.getString("id") + "/join", referralCaller(ask), null));
      }),
      Map.entry("rooms.invite", ask -> {
        String bookerId = booker(ask);
        JsonObject a = appointment(bookerId);
        // The consultation's lead: its clinician; a GP or nurse leads their own (GP) consultations only.
        String caller = !ask.related() ? appointmentCaller(ask, bookerId) : switch (ask.role()) {
          case SPECIALIST -> CARDIOLOGIST;
          default -> null;
        };
        if (caller == null) {
          return inviteToOwnConsultation(ask);
        }
        return Outcome.of(post("/rooms/" + a.getString("room") + "/invites", caller,
            new JsonObject().put("role", "interpreter")));
      }),
      Map.entry("me", ask -> Outcome.of(get("/me", appointmentCaller(ask, "gp-hansen")))),
      Map.entry("network.read", ask -> {
        String caller = appointmentCaller(ask, "gp-hansen");
        for (String path : List.of("/hospitals", "/specialties", "/clinicians", "/waiting-times")) {
          HttpResponse<Buffer> r = get(path, caller);
          if (r.statusCode() != 200) {
            return Outcome.of(r);
          }
        }
        return Outcome.of(get("/hospitals", caller));
      }),
      Map.entry("schedule.read", ask -> Outcome.of(get("/clinicians/spec-ous-cardiology/schedule",
          appointmentCaller(ask, "gp-hansen")))),
      Map.entry("schedule.write", ask -> {
        HttpResponse<Buffer> current = get("/clinicians/spec-ous-cardiology/schedule", ADMIN);
        return Outcome.of(call(HttpMethod.PUT, "/clinicians/spec-ous-cardiology/schedule",
            appointmentCaller(ask, "gp-hansen"), scheduleBody(current.bodyAsJsonObject())));
      }),
      Map.entry("access-log.mine", ask -> {
        JsonObject a = appointment("gp-hansen");
        HttpResponse<Buffer> r = get("/me/access-log?limit=100", appointmentCaller(ask, "gp-hansen"));
        return r.statusCode() == 200 ? Outcome.listing(r, "appointment:" + a.getString("id")) : Outcome.of(r);
      }),
      Map.entry("audit.search", ask -> {
        String caller = appointmentCaller(ask, "gp-hansen");
        HttpResponse<Buffer> r = get("/audit/verify", caller);
        return r.statusCode() != 200 ? Outcome.of(r) : Outcome.of(get("/audit?patientId=patient-kari", caller));
      }),
      Map.entry("signal.join", ask -> Signals.join(ask.role())),
      Map.entry("signal.admit", ask -> Signals.moderatorAction(ask.role(), "admit")),
      Map.entry("signal.kick", ask -> Signals.moderatorAction(ask.role(), "kick")),
      Map.entry("signal.end", ask -> Signals.moderatorAction(ask.role(), "end")),
      Map.entry("signal.lobby", ask -> Signals.moderatorAction(ask.role(), "lobby-toggle")),
      Map.entry("signal.record", ask -> Signals.moderatorAction(ask.role(), "record")),
      Map.entry("signal.chat", ask -> Signals.inCall(ask.role(), ask.related(), "chat")),
      Map.entry("signal.consent", ask -> Signals.inCall(ask.role(), true, "ping")),
      Map.entry("signal.sfu", ask -> Signals.inCall(ask.role(), ask.related(), "sfu-publish")));

  /** A GP (or nurse) leads consultations at their own slots: gp-hansen's general-practice slot at SLK. */
  private static Outcome inviteToOwnConsultation(Ask ask) throws Exception {
    String slot = freeSlot("general-practice", "SLK", "gp-hansen");
    HttpResponse<Buffer> booked = post("/appointments", PATIENT, new JsonObject().put("slotId", slot));
    assertEquals(201, booked.statusCode(), booked.bodyAsString());
    String lead = ask.role() == Role.GP ? BOOKING_GP : token("gp-hansen", ask.role(), "SLK");
    return Outcome.of(post("/rooms/" + booked.bodyAsJsonObject().getString("room") + "/invites", lead,
        new JsonObject().put("role", "interpreter")));
  }

  private static JsonObject scheduleBody(JsonObject current) {
    JsonObject body = new JsonObject();
    for (String field : List.of("weekly", "blocks", "slotMinutes", "mode", "timezone")) {
      if (current.containsKey(field)) {
        body.put(field, current.getValue(field));
      }
    }
    return body;
  }

  // ---- signaling

  /** Real WebSocket clients on the node: a room per check, room tokens with role claims as join tokens carry them. */
  static final class Signals {
    private Signals() {}

    static String url(String room, String token) {
      return "ws://127.0.0.1:" + node.port() + "/signal/" + room + "?jwt=" + token;
    }

    static ScriptedSocket connect(String room, Role role, String id) throws Exception {
      return await(ScriptedSocket.connect(vertx, url(room, token(id, role, "OUS", room))));
    }

    static <T> T await(Future<T> f) throws Exception {
      return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    static Outcome join(Role role) throws Exception {
      String room = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
      ScriptedSocket s = connect(room, role, role.wire() + "-1");
      JsonObject first = await(s.await(f -> "welcome".equals(f.getString("type"))
          || "lobby".equals(f.getString("type")), Duration.ofSeconds(5)));
      await(s.close());
      return Outcome.signal("welcome".equals(first.getString("type")) ? "ok" : "lobby");
    }

    /** A host in the call, {@code role}'s caller in the call (admitted by the host when it must wait). */
    static ScriptedSocket[] inCall(String room, Role role, boolean admitted) throws Exception {
      ScriptedSocket host = connect(room, Role.GP, "gp-host");
      await(host.next("welcome"));
      ScriptedSocket actor = connect(room, role, role.wire() + "-actor");
      JsonObject first = await(actor.await(f -> "welcome".equals(f.getString("type"))
          || "lobby".equals(f.getString("type")), Duration.ofSeconds(5)));
      if ("lobby".equals(first.getString("type")) && admitted) {
        JsonObject knock = await(host.next("knocking"));
        await(host.send(new JsonObject().put("type", "admit")
            .put("participantId", knock.getJsonObject("participant").getString("id"))));
        await(actor.next("welcome"));
      }
      return new ScriptedSocket[] {host, actor};
    }

    static Outcome moderatorAction(Role role, String action) throws Exception {
      String room = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
      ScriptedSocket[] s = inCall(room, role, true);
      ScriptedSocket host = s[0];
      ScriptedSocket actor = s[1];
      // Someone for the action to act on: a patient waiting (admit) or in the call (kick).
      ScriptedSocket target = connect(room, Role.PATIENT, "patient-target");
      JsonObject lobby = await(target.next("lobby"));
      String targetId = lobby.getString("participantId");
      JsonObject frame = new JsonObject().put("type", action).put("id", "m1");
      switch (action) {
        case "admit" -> frame.put("participantId", targetId);
        case "kick" -> frame.put("participantId", targetId);
        case "lobby-toggle" -> frame.put("enabled", false);
        case "record" -> frame.put("on", true);
        default -> { }
      }
      await(actor.send(frame));
      JsonObject reply = await(actor.await(f -> "m1".equals(f.getString("id")) || "ended".equals(f.getString("type")),
          Duration.ofSeconds(5)));
      for (ScriptedSocket x : List.of(host, actor, target)) {
        await(x.close().otherwise((Void) null));
      }
      if ("error".equals(reply.getString("type"))) {
        String code = reply.getString("code");
        // A moderator's record gets as far as the media rules (no media server here): it was allowed.
        return Outcome.signal("not-moderator".equals(code) || "not-admitted".equals(code) ? code : "ok");
      }
      return Outcome.signal("ok");
    }

    static Outcome inCall(Role role, boolean admitted, String type) throws Exception {
      String room = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
      ScriptedSocket[] s = inCall(room, role, admitted);
      ScriptedSocket actor = s[1];
      JsonObject frame = new JsonObject().put("type", type).put("id", "c1");
      switch (type) {
        case "chat" -> frame.put("text", "hello");
        case "sfu-publish" -> frame.put("sdp", "v=0");
        default -> { }
      }
      await(actor.send(frame));
      JsonObject reply = await(actor.await(f -> "c1".equals(f.getString("id")), Duration.ofSeconds(5)));
      for (ScriptedSocket x : s) {
        await(x.close().otherwise((Void) null));
      }
      if ("error".equals(reply.getString("type"))) {
        String code = reply.getString("code");
        // In the call but peer to peer: sfu-* is refused for that reason, not for who is asking.
        return Outcome.signal("not-admitted".equals(code) || "not-moderator".equals(code) ? code : "ok");
      }
      return Outcome.signal("ok");
    }
  }
}
