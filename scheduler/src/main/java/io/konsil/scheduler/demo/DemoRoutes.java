package io.konsil.scheduler.demo;

import static io.konsil.scheduler.http.ApiRouter.BASE;
import static io.konsil.scheduler.http.ApiRouter.json;

import io.konsil.common.token.TokenIssuer;
import io.konsil.scheduler.error.SchedulerError;
import io.konsil.scheduler.http.ApiRouter;
import io.konsil.scheduler.http.Input;
import io.konsil.scheduler.http.Json;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/** Demo sign-in: tokens for the demo users, only when the node runs with --demo (404 otherwise). No auth. */
public final class DemoRoutes implements ApiRouter.Routes {
  static final Duration TTL = Duration.ofHours(12);
  private final boolean enabled;
  private final TokenIssuer issuer;

  public DemoRoutes(boolean enabled, TokenIssuer issuer) {
    this.enabled = enabled;
    this.issuer = issuer;
  }

  @Override
  public void mountPublic(Router router) {
    router.get(BASE + "/demo/users").handler(ctx -> json(ctx, 200, this::users));
    router.post(BASE + "/demo/sign-in").handler(ctx -> json(ctx, 200, this::signIn));
  }

  @Override
  public void mount(Router router) {}

  private void requireDemo() {
    if (!enabled) {
      throw SchedulerError.NOT_FOUND.error("Demo mode is off");
    }
  }

  private Future<JsonObject> users(RoutingContext ctx) {
    requireDemo();
    return Future.succeededFuture(Json.items(DemoData.users().stream().map(DemoRoutes::user).toList()));
  }

  private Future<JsonObject> signIn(RoutingContext ctx) {
    requireDemo();
    Input in = Input.body(ctx);
    String userId = in.string("userId", true);
    in.check();
    DemoUser user = DemoData.users().stream().filter(u -> u.id().equals(userId)).findFirst()
        .orElseThrow(() -> SchedulerError.NOT_FOUND.error("No such demo user"));
    // A demo clinician's token carries their HPR number, as a HelseID sign-in would: the audit trail names them by it.
    String jwt = issuer.issue(TokenIssuer.Claims.of(user.id(), user.name(), user.role(), user.hospital())
        .withHpr(user.hpr()), "*", TTL);
    return Future.succeededFuture(new JsonObject().put("jwt", jwt).put("user", new JsonObject().put("id", user.id())
        .put("name", user.name()).put("role", user.role().wire()).put("hospital", user.hospital())));
  }

  private static JsonObject user(DemoUser u) {
    return new JsonObject().put("id", u.id()).put("name", u.name()).put("role", u.role().wire())
        .put("hospital", u.hospital()).put("specialties", new JsonArray(u.specialties()));
  }
}
