package io.konsil.scheduler.audit;

import static io.konsil.scheduler.http.ApiRouter.BASE;
import static io.konsil.scheduler.http.ApiRouter.json;

import io.konsil.common.audit.AuditAction;
import io.konsil.common.audit.AuditEntry;
import io.konsil.common.audit.AuditPage;
import io.konsil.common.audit.AuditQuery;
import io.konsil.common.audit.Basis;
import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.scheduler.http.ApiRouter;
import io.konsil.scheduler.http.Input;
import io.konsil.scheduler.http.Json;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;

/**
 * The trail read back: a patient's own access log ({@code GET /me/access-log}, shape fixed in DESIGN.md), and the
 * admins' search and chain verification ({@code GET /audit}, {@code GET /audit/verify}).
 */
public final class AccessLogRoutes implements ApiRouter.Routes {
  private final AccessRecorder recorder;

  public AccessLogRoutes(AccessRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public void mount(Router router) {
    router.get(BASE + "/me/access-log").handler(ctx -> json(ctx, 200, this::mine));
    router.get(BASE + "/audit/verify").handler(ctx -> json(ctx, 200, this::verify));
    router.get(BASE + "/audit").handler(ctx -> json(ctx, 200, this::search));
  }

  /**
   * Who reached the caller's data, newest first. Reading one's own log is not itself logged (it would add an entry
   * to the very list being read on every look).
   */
  private Future<JsonObject> mine(RoutingContext ctx) {
    Caller patient = Input.requireRole(ctx, Role.PATIENT);
    Input in = Input.query(ctx);
    int limit = in.integer("limit", 20, 1, 100);
    Long before = cursor(in);
    in.check();
    return recorder.trail().query(AuditQuery.ofPatient(patient.id(), before, limit)).map(page -> {
      JsonArray items = new JsonArray();
      page.items().forEach(e -> items.add(new JsonObject()
          .put("at", Json.time(e.at()))
          .put("actor", new JsonObject().put("id", e.actor().id()).put("role", e.actor().role())
              .put("hospital", e.actor().hospital()))
          .put("action", e.action().wire())
          .put("basis", e.basis().wire())));
      return new JsonObject().put("items", items).put("next", next(page));
    });
  }

  /** Admins: by patient, clinician (actor), the actor's hospital and time; each patient an answer shows is logged. */
  private Future<JsonObject> search(RoutingContext ctx) {
    Caller admin = Input.requireRole(ctx, Role.ADMIN);
    Input in = Input.query(ctx);
    String patientId = in.string("patientId", false);
    String clinicianId = in.string("clinicianId", false);
    String hospital = in.string("hospital", false);
    Instant from = in.instant("from", Json.ZONE);
    Instant to = in.instant("to", Json.ZONE);
    int limit = in.integer("limit", 50, 1, 500);
    Long before = cursor(in);
    if (from != null && to != null && !to.isAfter(from)) {
      in.problem("to", "must be after from");
    }
    in.check();
    Future<AuditPage> page = recorder.trail().query(new AuditQuery(patientId, clinicianId, hospital, from, to, before,
        limit));
    // The admin reads whose data was reached by whom: an access to each patient the answer names (the one searched
    // for, or each of the page's patients when the search was by clinician, hospital or time).
    page = recorder.after(page, admin, AuditAction.ACCESS_LOG_READ, p -> patientsShown(patientId, p).stream()
        .map(id -> new Access(id, Basis.of(Basis.Kind.ADMIN, null))).toList());
    return page.map(p -> {
      JsonArray items = new JsonArray();
      p.items().forEach(e -> items.add(entry(e)));
      return new JsonObject().put("items", items).put("next", next(p));
    });
  }

  /** The patient searched for, or else the distinct patients of the page's entries (in the page's order). */
  private static List<String> patientsShown(String patientId, AuditPage page) {
    if (patientId != null) {
      return List.of(patientId);
    }
    return page.items().stream().map(AuditEntry::patientId).filter(java.util.Objects::nonNull).distinct().toList();
  }

  private Future<JsonObject> verify(RoutingContext ctx) {
    Input.requireRole(ctx, Role.ADMIN);
    return recorder.trail().verify().map(v -> new JsonObject().put("intact", v.intact()).put("entries", v.entries())
        .put("brokenAt", v.brokenAt()).put("reason", v.reason()));
  }

  static JsonObject entry(AuditEntry e) {
    return new JsonObject()
        .put("seq", e.seq())
        .put("at", Json.time(e.at()))
        .put("node", e.node())
        .put("actor", new JsonObject().put("id", e.actor().id()).put("role", e.actor().role())
            .put("hospital", e.actor().hospital()).put("hpr", e.actor().hpr()))
        .put("patientId", e.patientId())
        .put("action", e.action().wire())
        .put("basis", new JsonObject().put("kind", e.basis().kind().wire()).put("ref", e.basis().ref())
            .put("reason", e.basis().reason()))
        .put("door", e.door() == null ? null : e.door().wire())
        .put("detail", e.detail())
        .put("prev", e.prev())
        .put("hash", e.hash());
  }

  private static Long cursor(Input in) {
    String text = in.string("cursor", false, 20);
    if (text == null) {
      return null;
    }
    try {
      long seq = Long.parseLong(text);
      if (seq > 0) {
        return seq;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    in.problem("cursor", "is not a cursor returned by this API");
    return null;
  }

  private static String next(AuditPage page) {
    return page.next() == null ? null : Long.toString(page.next());
  }
}
