package io.konsil.scheduler.api;

import static io.konsil.scheduler.api.ApiRouter.BASE;
import static io.konsil.scheduler.api.ApiRouter.json;

import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.scheduler.network.Specialty;
import io.konsil.scheduler.room.Invites;
import io.konsil.scheduler.secondopinion.SecondOpinionService;
import io.konsil.scheduler.store.NetworkStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Second opinions between clinicians, and invitations of guests into a consultation room. */
public final class SecondOpinionRoutes implements ApiRouter.Routes {
  private final SecondOpinionService secondOpinions;
  private final Invites invites;
  private final NetworkStore network;

  public SecondOpinionRoutes(SecondOpinionService secondOpinions, Invites invites, NetworkStore network) {
    this.secondOpinions = secondOpinions;
    this.invites = invites;
    this.network = network;
  }

  @Override
  public void mount(Router router) {
    router.post(BASE + "/second-opinions").handler(ctx -> json(ctx, 201, this::create));
    router.get(BASE + "/second-opinions").handler(ctx -> json(ctx, 200, c -> secondOpinions.list(Input.caller(c))
        .map(list -> Views.items(list.stream().map(Views::secondOpinion).toList()))));
    router.get(BASE + "/second-opinions/:id").handler(ctx -> json(ctx, 200, c ->
        secondOpinions.visible(Input.caller(c), c.pathParam("id")).map(Views::secondOpinion)));
    router.post(BASE + "/second-opinions/:id/accept").handler(ctx -> json(ctx, 200, this::accept));
    router.post(BASE + "/second-opinions/:id/join").handler(ctx -> json(ctx, 200, c ->
        secondOpinions.join(Input.caller(c), c.pathParam("id")).map(Views::join)));
    router.post(BASE + "/rooms/:room/invites").handler(ctx -> json(ctx, 201, this::invite));
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
      for (String h : hospitals) {
        if (known.stream().noneMatch(k -> k.code().equals(h))) {
          in.problem("hospitals", h.length() > 40 ? "unknown hospital code" : "unknown hospital code " + h);
        }
      }
      in.check();
      return secondOpinions.create(caller, specialty, question, patientId, hospitals).map(Views::secondOpinion);
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
    return secondOpinions.accept(caller, ctx.pathParam("id"), chosen).map(Views::secondOpinion);
  }

  private Future<JsonObject> invite(RoutingContext ctx) {
    Caller caller = Input.requireRole(ctx, Role.GP, Role.SPECIALIST, Role.NURSE);
    Input in = Input.body(ctx);
    Role role = in.choice("role", true, SecondOpinionRoutes::guestRole, "specialist, interpreter, nurse, observer");
    String name = in.string("name", false, 100);
    in.check();
    return invites.invite(caller, ctx.pathParam("room"), role, name)
        .map(t -> new JsonObject().put("url", t.url()).put("jwt", t.jwt()).put("room", t.room())
            .put("role", role.wire()).put("expiresAt", Views.time(t.expiresAt())));
  }

  private static Role guestRole(String wire) {
    Role role = Role.fromClaim(wire);
    return role == Role.SPECIALIST || role == Role.INTERPRETER || role == Role.NURSE || role == Role.OBSERVER
        ? role : null;
  }
}
