package io.konsil.scheduler.network;

import static io.konsil.scheduler.http.ApiRouter.BASE;
import static io.konsil.scheduler.http.ApiRouter.json;

import io.konsil.common.token.Caller;
import io.konsil.scheduler.http.ApiRouter;
import io.konsil.scheduler.http.Input;
import io.konsil.scheduler.http.Json;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Who am I, and the network: hospitals, specialties, clinicians. */
public final class NetworkRoutes implements ApiRouter.Routes {
  private final NetworkStore network;

  public NetworkRoutes(NetworkStore network) {
    this.network = network;
  }

  @Override
  public void mount(Router router) {
    router.get(BASE + "/me").handler(ctx -> json(ctx, 200, this::me));
    router.get(BASE + "/hospitals").handler(ctx -> json(ctx, 200, c -> network.hospitals()
        .map(list -> Json.items(list.stream().map(NetworkViews::hospital).toList()))));
    router.get(BASE + "/specialties").handler(ctx -> json(ctx, 200, c -> network.specialties()
        .map(list -> Json.items(list.stream().map(NetworkViews::specialty).toList()))));
    router.get(BASE + "/clinicians").handler(ctx -> json(ctx, 200, this::clinicians));
  }

  private Future<JsonObject> me(RoutingContext ctx) {
    Caller caller = Input.caller(ctx);
    return network.clinician(caller.id()).map(c -> new JsonObject().put("id", caller.id())
        .put("name", c != null ? c.name() : caller.name()).put("role", caller.role().wire())
        .put("hospital", caller.hospital() != null ? caller.hospital() : c == null ? null : c.hospital())
        .put("specialties", new JsonArray(c == null ? List.of() : c.specialties())));
  }

  private Future<JsonObject> clinicians(RoutingContext ctx) {
    Input in = Input.query(ctx);
    String specialty = in.string("specialty", false);
    String hospital = in.string("hospital", false);
    in.check();
    return network.clinicians().map(list -> Json.items(list.stream()
        .filter(c -> specialty == null || c.specialties().contains(specialty))
        .filter(c -> hospital == null || hospital.equals(c.hospital()))
        .map(NetworkViews::clinician).toList()));
  }
}
