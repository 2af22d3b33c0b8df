package io.konsil.scheduler.room;

import io.konsil.common.audit.AuditAction;
import io.konsil.scheduler.audit.Access;
import io.konsil.scheduler.audit.AccessRecorder;

import static io.konsil.scheduler.http.ApiRouter.BASE;
import static io.konsil.scheduler.http.ApiRouter.json;

import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.scheduler.http.ApiRouter;
import io.konsil.scheduler.http.Input;
import io.konsil.scheduler.http.Json;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Invitations of guests (a colleague, an interpreter, a nurse, an observer) into a consultation room. */
public final class InviteRoutes implements ApiRouter.Routes {
  private final Invites invites;

  private final AccessRecorder audit;

  public InviteRoutes(Invites invites, AccessRecorder audit) {
    this.audit = audit;
    this.invites = invites;
  }

  @Override
  public void mount(Router router) {
    router.post(BASE + "/rooms/:room/invites").handler(ctx -> json(ctx, 201, this::invite));
  }

  private Future<JsonObject> invite(RoutingContext ctx) {
    Caller caller = Input.requireRole(ctx, Role.GP, Role.SPECIALIST, Role.NURSE);
    Input in = Input.body(ctx);
    Role role = in.choice("role", true, InviteRoutes::guestRole, "specialist, interpreter, nurse, observer");
    String name = in.string("name", false, 100);
    in.check();
    return audit.after(invites.invite(caller, ctx.pathParam("room"), role, name), caller,
            AuditAction.CONSULTATION_INVITE, i -> java.util.List.of(new Access(i.patientId(), i.basis())))
        .map(Invites.Invitation::token)
        .map(t -> new JsonObject().put("url", t.url()).put("jwt", t.jwt()).put("room", t.room())
            .put("role", role.wire()).put("expiresAt", Json.time(t.expiresAt())));
  }

  private static Role guestRole(String wire) {
    Role role = Role.fromClaim(wire);
    return role == Role.SPECIALIST || role == Role.INTERPRETER || role == Role.NURSE || role == Role.OBSERVER
        ? role : null;
  }
}
