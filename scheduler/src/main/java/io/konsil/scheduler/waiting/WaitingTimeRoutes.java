package io.konsil.scheduler.waiting;

import static io.konsil.scheduler.http.ApiRouter.BASE;
import static io.konsil.scheduler.http.ApiRouter.json;

import io.konsil.scheduler.http.ApiRouter;
import io.konsil.scheduler.http.Input;
import io.konsil.scheduler.http.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** Published waiting times per hospital and specialty. */
public final class WaitingTimeRoutes implements ApiRouter.Routes {
  private final WaitingTimes waitingTimes;

  public WaitingTimeRoutes(WaitingTimes waitingTimes) {
    this.waitingTimes = waitingTimes;
  }

  @Override
  public void mount(Router router) {
    router.get(BASE + "/waiting-times").handler(ctx -> json(ctx, 200, c -> {
      Input in = Input.query(c);
      String specialty = in.string("specialty", false);
      String region = in.string("region", false);
      in.check();
      return waitingTimes.compute(specialty, region)
          .map(list -> Json.items(list.stream().map(WaitingTimeRoutes::view).toList()));
    }));
  }

  private static JsonObject view(WaitingTime w) {
    return new JsonObject().put("hospital", w.hospital()).put("hospitalName", w.hospitalName())
        .put("region", w.region()).put("specialty", w.specialty())
        .put("nextAvailable", w.nextAvailable() == null ? null : w.nextAvailable().toString())
        .put("medianDays", w.medianDays()).put("sampleSize", w.sampleSize());
  }
}
