package io.konsil.scheduler.demo;

import static io.konsil.scheduler.RedisNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.RedisProcess;
import io.konsil.scheduler.Fixture;
import io.konsil.scheduler.RedisNode;
import io.konsil.scheduler.booking.Appointment;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several nodes started with --demo on one Redis share one demo data set, loaded once by the first. */
class RedisDemoDataTest {

  @Test
  void nodesStartedWithDemoOnOneRedisShareOneDataSetAndKariCanJoinOnEither() throws Exception {
    try (RedisProcess redis = RedisProcess.start()) {
      KonsilConfig.Redis settings = new KonsilConfig.Redis(redis.uri(), List.of(), 0, Duration.ofSeconds(5));
      try (RedisNode first = RedisNode.start(settings, false, c -> c.withDemo(true));
           RedisNode second = RedisNode.start(settings, false, c -> c.withDemo(true))) {
        assertEquals("1", redis.call("GET", "konsil:marker:" + DemoData.MARKER));
        Appointment onFirst = await(first.on(() -> first.fixture.stores.booking().appointment("a-demo-kari-now")));
        Appointment onSecond = await(second.on(() -> second.fixture.stores.booking().appointment("a-demo-kari-now")));
        assertNotNull(onFirst);
        // One load: the second node found the data and left it alone (same room, same slot).
        assertEquals(onFirst, onSecond);
        assertEquals(DemoData.HOSPITALS.size(),
            await(second.on(() -> second.fixture.stores.network().hospitals())).size());
        assertEquals(1, await(second.on(() -> second.fixture.stores.booking().appointmentsOfPatient("patient-aisha")))
            .stream().filter(a -> a.id().equals("a-demo-aisha-now")).count());

        for (RedisNode node : List.of(first, second)) {
          Fixture f = node.fixture;
          f.clock.set(Fixture.T0.plusSeconds(60));
          HttpResponse<Buffer> join = await(node.on(() -> f.post("/api/v1/appointments/a-demo-kari-now/join",
              f.token("patient-kari", "patient"), null)));
          assertEquals(200, join.statusCode(), join.bodyAsString());
          assertEquals(onFirst.room(), join.bodyAsJsonObject().getString("room"));
        }
      }
    }
  }

  @Test
  void aNodeStartedLongAfterTheLoadRenewsTheJoinNowAppointmentsInTheirRooms() throws Exception {
    try (RedisProcess redis = RedisProcess.start()) {
      KonsilConfig.Redis settings = new KonsilConfig.Redis(redis.uri(), List.of(), 0, Duration.ofSeconds(5));
      Appointment loaded;
      try (RedisNode first = RedisNode.start(settings, false, c -> c.withDemo(true))) {
        loaded = await(first.on(() -> first.fixture.stores.booking().appointment("a-demo-aisha-now")));
      }
      // A day later another node starts on the same Redis: Aisha's appointment of yesterday is renewed for now.
      try (RedisNode later = RedisNode.startAt(settings, Fixture.T0.plus(Duration.ofDays(1)), c -> c.withDemo(true))) {
        Fixture f = later.fixture;
        Appointment renewed = await(later.on(() -> f.stores.booking().appointment("a-demo-aisha-now")));
        assertEquals(loaded.room(), renewed.room());
        assertEquals(Fixture.T0.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(5)), renewed.start());
        f.clock.set(Fixture.T0.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(1)));
        HttpResponse<Buffer> join = await(later.on(() -> f.post("/api/v1/appointments/a-demo-aisha-now/join",
            f.token("patient-aisha", "patient"), null)));
        assertEquals(200, join.statusCode(), join.bodyAsString());
      }
    }
  }
}
