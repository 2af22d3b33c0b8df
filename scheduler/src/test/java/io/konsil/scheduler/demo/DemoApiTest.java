package io.konsil.scheduler.demo;

import static io.konsil.scheduler.Responses.json;
import static io.konsil.scheduler.Responses.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.scheduler.Fixture;
import io.konsil.scheduler.demo.DemoData;
import io.konsil.scheduler.referral.ReferralStatus;
import io.konsil.scheduler.referral.ReferralQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DemoApiTest {

  @Test
  void withoutDemoModeTheDemoEndpointsDoNotExist(Vertx vertx, VertxTestContext ctx) {
    Fixture.start(vertx).compose(f -> f.get("/api/v1/demo/users", null).compose(r -> {
      problem(r, 404, "not-found");
      assertTrue(f.feature.links("http://x").isEmpty());
      return f.post("/api/v1/demo/sign-in", null, new JsonObject().put("userId", "patient-kari"));
    }).compose(r -> {
      problem(r, 404, "not-found");
      return f.stop();
    })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void demoModeLoadsANetworkOnceAndKariCanJoinHerGpAtOnce(Vertx vertx, VertxTestContext ctx) {
    Fixture.start(vertx, c -> c.withDemo(true), false).compose(f -> {
      f.clock.set(Instant.now());
      return Future.succeededFuture(f);
    }).compose(f -> new DemoData(f.stores.network(), f.stores.schedules(), f.stores.booking(), f.stores.referrals(),
        f.stores.secondOpinions()).load(f.clock, io.konsil.scheduler.SchedulerFeature.ZONE, 14).compose(again -> {
      // The fixture clock was at T0 when start() loaded; loading again is a no-op whatever the time.
      assertEquals(false, again);
      return f.get("/api/v1/demo/users", null);
    }).compose(r -> {
      assertEquals(200, r.statusCode());
      List<JsonObject> users = json(r).getJsonArray("items").stream().map(JsonObject.class::cast).toList();
      assertTrue(users.stream().anyMatch(u -> u.getString("id").equals("patient-kari")));
      assertTrue(users.stream().filter(u -> u.getString("role").equals("specialist")).count() >= 40);
      assertTrue(f.feature.links("http://x").contains("Patient Kari Nordmann: http://x/?demo=patient-kari"));
      return f.post("/api/v1/demo/sign-in", null, new JsonObject().put("userId", "nobody"));
    }).compose(r -> {
      problem(r, 404, "not-found");
      return f.post("/api/v1/demo/sign-in", null, new JsonObject().put("userId", "patient-kari"));
    }).compose(r -> {
      assertEquals(200, r.statusCode());
      assertEquals("patient", json(r).getJsonObject("user").getString("role"));
      String jwt = json(r).getString("jwt");
      return f.get("/api/v1/me", jwt).compose(me -> {
        assertEquals("patient-kari", json(me).getString("id"));
        // Kari's GP appointment was loaded relative to the fixture clock (T0); move the clock there to join it.
        f.clock.set(Fixture.T0.plusSeconds(60));
        return f.post("/api/v1/appointments/a-demo-kari-now/join", jwt, null);
      });
    }).compose(join -> {
      assertEquals(200, join.statusCode(), join.bodyAsString());
      assertNotNull(json(join).getString("jwt"));
      return f.stores.network().hospitals();
    }).compose(hospitals -> {
      assertTrue(hospitals.size() >= 6);
      assertEquals(Set.of(DemoData.HSO, DemoData.VEST), hospitals.stream().map(h -> h.region())
          .collect(Collectors.toSet()));
      return f.stores.network().clinicians();
    }).compose(clinicians -> {
      assertTrue(clinicians.stream().map(c -> c.primarySpecialty()).distinct().count() >= 8);
      return f.stores.referrals().list(new ReferralQuery(null, null, null));
    }).compose(referrals -> {
      assertEquals(EnumSet.allOf(ReferralStatus.class), referrals.stream().map(r -> r.status())
          .collect(Collectors.toCollection(() -> EnumSet.noneOf(ReferralStatus.class))));
      return f.stop();
    })).onComplete(ctx.succeedingThenComplete());
  }
}
