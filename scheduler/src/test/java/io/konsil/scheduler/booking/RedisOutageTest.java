package io.konsil.scheduler.booking;

import static io.konsil.scheduler.RedisNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.error.KonsilException;
import io.konsil.common.testing.RedisProcess;
import io.konsil.scheduler.Fixture;
import io.konsil.scheduler.RedisNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Redis stopped under a running scheduler node: fast 503s while it is gone, recovery without a node restart. */
class RedisOutageTest {

  @Test
  void whileRedisIsDownBookingFailsFastWithStoreUnavailableAndTheNodeRecoversByItself() throws Exception {
    try (RedisProcess redis = RedisProcess.durable();
         RedisNode node = RedisNode.start(RedisNode.settings(redis.uri(), 0), true, c -> c)) {
      Fixture f = node.fixture;
      String kari = f.patient("kari");
      assertEquals(201, await(node.on(() -> f.book(kari, "k1", new JsonObject().put("slotId", "card-1-0"))))
          .statusCode());
      await(node.on(() -> node.fixture.feature.health()));

      redis.kill9();
      long t0 = System.nanoTime();
      HttpResponse<Buffer> refused = await(node.on(() -> f.book(kari, "k2", new JsonObject().put("slotId", "card-1-1"))));
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertEquals(503, refused.statusCode(), refused.bodyAsString());
      assertEquals("application/problem+json", refused.getHeader("content-type"));
      assertEquals("store-unavailable", refused.bodyAsJsonObject().getString("code"));
      assertTrue(tookMs < 1000, "refused after " + tookMs + " ms");
      assertEquals(503, await(node.on(() -> f.get("/api/v1/slots", kari))).statusCode());
      KonsilException down = failure(node.on(() -> node.fixture.feature.health()));
      assertEquals("store-unavailable", down.code());

      redis.restart();
      // The same request again, as a client retries it: once Lettuce has reconnected, it is booked.
      HttpResponse<Buffer> booked = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        booked = await(node.on(() -> f.book(kari, "k2", new JsonObject().put("slotId", "card-1-1"))));
        if (booked.statusCode() != 503) {
          break;
        }
        Thread.sleep(200);
      }
      assertEquals(201, booked.statusCode(), booked.bodyAsString());
      await(node.on(() -> node.fixture.feature.health()));
      HttpResponse<Buffer> mine = await(node.on(() -> f.get("/api/v1/appointments", kari)));
      assertEquals(2, mine.bodyAsJsonObject().getJsonArray("items").size(), mine.bodyAsString());
    }
  }

  private static KonsilException failure(io.vertx.core.Future<?> f) throws Exception {
    try {
      await(f);
    } catch (KonsilException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }
}
