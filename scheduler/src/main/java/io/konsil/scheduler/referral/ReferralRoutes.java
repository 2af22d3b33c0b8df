package io.konsil.scheduler.referral;

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
import io.konsil.scheduler.network.Specialty;
import io.konsil.scheduler.network.NetworkStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;

/** Referrals: GPs write them, specialists assess or reject them, patients see theirs. */
public final class ReferralRoutes implements ApiRouter.Routes {
  private final ReferralService referrals;
  private final NetworkStore network;
  private final Clock clock;

  private final AccessRecorder audit;

  public ReferralRoutes(ReferralService referrals, NetworkStore network, Clock clock, AccessRecorder audit) {
    this.audit = audit;
    this.referrals = referrals;
    this.network = network;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.post(BASE + "/referrals").handler(ctx -> json(ctx, 201, this::create));
    router.get(BASE + "/referrals").handler(ctx -> json(ctx, 200, c -> audit.after(referrals.list(Input.caller(c)),
            Input.caller(c), AuditAction.REFERRAL_LIST,
            all -> all.stream().map(r -> Access.of(Input.caller(c), r)).toList())
        .map(list -> Json.items(list.stream().map(ReferralViews::referral).toList()))));
    router.get(BASE + "/referrals/:id").handler(ctx -> json(ctx, 200, c ->
        audited(Input.caller(c), AuditAction.REFERRAL_READ, referrals.visible(Input.caller(c), c.pathParam("id")))
            .map(ReferralViews::referral)));
    router.post(BASE + "/referrals/:id/assess").handler(ctx -> json(ctx, 200, c -> decide(c, true)));
    router.post(BASE + "/referrals/:id/reject").handler(ctx -> json(ctx, 200, c -> decide(c, false)));
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    Caller gp = Input.requireRole(ctx, Role.GP);
    Input in = Input.body(ctx);
    String patientId = in.string("patientId", true);
    String patientName = in.string("patientName", false);
    String specialty = in.string("specialty", true);
    Priority priority = in.choice("priority", true, Priority::fromWire, "urgent, normal");
    String question = in.string("clinicalQuestion", true, Input.MAX_TEXT);
    LocalDate deadline = in.date("deadline", true);
    boolean cancerPathway = in.bool("cancerPathway", false);
    String hospital = in.string("hospital", false);
    if (deadline != null && deadline.isBefore(LocalDate.now(clock.withZone(Json.ZONE)))) {
      in.problem("deadline", "must not be in the past");
    }
    return network.specialties().compose(specialties -> network.hospital(hospital).compose(h -> {
      if (specialty != null && specialties.stream().map(Specialty::code).noneMatch(specialty::equals)) {
        in.problem("specialty", "is not a known specialty code");
      }
      if (hospital != null && h == null) {
        in.problem("hospital", "is not a known hospital code");
      }
      in.check();
      return audited(gp, AuditAction.REFERRAL_CREATE, referrals.create(gp, new ReferralService.NewReferral(patientId,
          patientName, specialty, priority, question, deadline, cancerPathway, hospital))).map(ReferralViews::referral);
    }));
  }

  private Future<JsonObject> decide(RoutingContext ctx, boolean assess) {
    Caller specialist = Input.requireRole(ctx, Role.SPECIALIST);
    Input in = Input.body(ctx);
    String note = in.string("note", false, Input.MAX_TEXT);
    in.check();
    String id = ctx.pathParam("id");
    return audited(specialist, assess ? AuditAction.REFERRAL_ASSESS : AuditAction.REFERRAL_REJECT,
        assess ? referrals.assess(specialist, id, note) : referrals.reject(specialist, id, note))
        .map(ReferralViews::referral);
  }

  private Future<Referral> audited(Caller caller, AuditAction action, Future<Referral> referral) {
    return audit.after(referral, caller, action, r -> java.util.List.of(Access.of(caller, r)));
  }
}
