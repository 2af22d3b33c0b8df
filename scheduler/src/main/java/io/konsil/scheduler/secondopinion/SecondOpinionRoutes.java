package io.konsil.scheduler.secondopinion;

import io.konsil.common.audit.AuditAction;
import io.konsil.scheduler.audit.Access;
import io.konsil.scheduler.audit.AccessRecorder;

import static io.konsil.scheduler.http.ApiRouter.BASE;
import static io.konsil.scheduler.http.ApiRouter.json;

import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.scheduler.booking.BookingViews;
import io.konsil.scheduler.http.ApiRouter;
import io.konsil.scheduler.http.Input;
import io.konsil.scheduler.http.Json;
import io.konsil.scheduler.network.Specialty;
import io.konsil.scheduler.network.NetworkStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Second opinions between clinicians: asked, listed, accepted (first one wins) and joined. */
public final class SecondOpinionRoutes implements ApiRouter.Routes {
  private final SecondOpinionService secondOpinions;
  private final NetworkStore network;

  private final AccessRecorder audit;

  public SecondOpinionRoutes(SecondOpinionService secondOpinions, NetworkStore network, AccessRecorder audit) {
    this.audit = audit;
    this.secondOpinions = secondOpinions;
    this.network = network;
  }

  @Override
  public void mount(Router router) {
    router.post(BASE + "/second-opinions").handler(ctx -> json(ctx, 201, this::create));
    router.get(BASE + "/second-opinions").handler(ctx -> json(ctx, 200, c -> audit.after(
            secondOpinions.list(Input.caller(c)), Input.caller(c), AuditAction.SECOND_OPINION_LIST,
            all -> all.stream().map(so -> Access.of(Input.caller(c), so)).toList())
        .map(list -> Json.items(list.stream().map(SecondOpinionViews::secondOpinion).toList()))));
    router.get(BASE + "/second-opinions/:id").handler(ctx -> json(ctx, 200, c ->
        audited(Input.caller(c), AuditAction.SECOND_OPINION_READ, secondOpinions.visible(Input.caller(c),
            c.pathParam("id"))).map(SecondOpinionViews::secondOpinion)));
    router.post(BASE + "/second-opinions/:id/accept").handler(ctx -> json(ctx, 200, this::accept));
    router.post(BASE + "/second-opinions/:id/join").handler(ctx -> json(ctx, 200, c ->
        secondOpinions.join(Input.caller(c), c.pathParam("id")).compose(token -> audited(Input.caller(c),
            AuditAction.SECOND_OPINION_JOIN_TOKEN, secondOpinions.visible(Input.caller(c), c.pathParam("id")))
            .map(token)).map(BookingViews::join)));
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    Caller caller = Input.requireRole(ctx, Role.GP, Role.SPECIALIST);
    Input in = Input.body(ctx);
    String specialty = in.string("specialty", true);
    String question = in.string("question", true, Input.MAX_TEXT);
    String patientId = in.string("patientId", false);
    List<String> hospitals = in.strings("hospitals", 50);
    return network.specialties().compose(specialties -> network.hospitals().compose(known -> {
      if (specialty != null && specialties.stream().map(Specialty::code).noneMatch(specialty::equals)) {
        in.problem("specialty", "is not a known specialty code");
      }
      for (int i = 0; i < hospitals.size(); i++) {
        String h = hospitals.get(i);
        if (known.stream().noneMatch(k -> k.code().equals(h))) {
          // Named by position, not echoed: what a client sent is never written back into a problem.
          in.problem("hospitals[" + i + "]", "is not a known hospital code");
        }
      }
      in.check();
      return audited(caller, AuditAction.SECOND_OPINION_CREATE,
          secondOpinions.create(caller, specialty, question, patientId, hospitals))
          .map(SecondOpinionViews::secondOpinion);
    }));
  }

  /** Body {"slotId": ID} to meet at one of the specialist's own slots, or {"slotId": "now"} / {"now": true} / {} for now. */
  private Future<JsonObject> accept(RoutingContext ctx) {
    Caller caller = Input.requireRole(ctx, Role.SPECIALIST);
    Input in = Input.body(ctx);
    String slotId = in.string("slotId", false);
    boolean now = in.bool("now", slotId == null);
    if (now && slotId != null && !"now".equals(slotId)) {
      in.problem("now", "give either a slotId or now, not both");
    }
    in.check();
    String chosen = "now".equals(slotId) ? null : slotId;
    return audited(caller, AuditAction.SECOND_OPINION_ACCEPT, secondOpinions.accept(caller, ctx.pathParam("id"),
        chosen)).map(SecondOpinionViews::secondOpinion);
  }

  private Future<SecondOpinion> audited(Caller caller, AuditAction action, Future<SecondOpinion> so) {
    return audit.after(so, caller, action, x -> List.of(Access.of(caller, x)));
  }
}
