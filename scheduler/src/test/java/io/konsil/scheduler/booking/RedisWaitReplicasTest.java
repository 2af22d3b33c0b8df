package io.konsil.scheduler.booking;

import static io.konsil.scheduler.RedisNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.RedisProcess;
import io.konsil.scheduler.Fixture;
import io.konsil.scheduler.RedisNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code --redis-wait-replicas 1}: a booking is acknowledged only once a replica has it. Without one it is refused
 * with 503 although it was written; the client's retry with the same Idempotency-Key then returns that booking.
 */
class RedisWaitReplicasTest {

  @Test
  void aBookingNoReplicaConfirmedIs503AndItsRetryReturnsItOnceAReplicaHasIt() throws Exception {
    try (RedisProcess master = RedisProcess.start();
         RedisNode node = RedisNode.start(RedisNode.settings(master.uri(), 1), true, c -> c)) {
      Fixture f = node.fixture;
      String kari = f.patient("kari");
      JsonObject body = new JsonObject().put("slotId", "card-1-0");
      HttpResponse<Buffer> unconfirmed = await(node.on(() -> f.book(kari, "k", body)));
      assertEquals(503, unconfirmed.statusCode(), unconfirmed.bodyAsString());
      assertEquals("store-unavailable", unconfirmed.bodyAsJsonObject().getString("code"));
      assertEquals(503, await(node.on(() -> f.post("/api/v1/slots/card-1-1/hold", kari, null))).statusCode());

      try (RedisProcess replica = RedisProcess.start("--replicaof", "127.0.0.1", String.valueOf(master.port()))) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!"up".equals(replica.info("replication", "master_link_status"))) {
          assertTrue(System.nanoTime() < deadline, "replica never synced");
          Thread.sleep(50);
        }
        HttpResponse<Buffer> retried = await(node.on(() -> f.book(kari, "k", body)));
        assertEquals(200, retried.statusCode(), "the retry finds the booking made before: " + retried.bodyAsString());
        HttpResponse<Buffer> mine = await(node.on(() -> f.get("/api/v1/appointments", kari)));
        assertEquals(1, mine.bodyAsJsonObject().getJsonArray("items").size());
        assertEquals(retried.bodyAsJsonObject().getString("id"),
            mine.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id"));
        // The hold refused with 503 was made all the same: the slot stays Kari's until the hold runs out.
        HttpResponse<Buffer> taken = await(node.on(() -> f.post("/api/v1/slots/card-1-1/hold", f.patient("ola"), null)));
        assertEquals(409, taken.statusCode(), taken.bodyAsString());
        HttpResponse<Buffer> hold = await(node.on(() -> f.post("/api/v1/slots/card-1-2/hold", kari, null)));
        assertEquals(201, hold.statusCode(), hold.bodyAsString());
        HttpResponse<Buffer> cancel = await(node.on(() -> f.post("/api/v1/appointments/"
            + retried.bodyAsJsonObject().getString("id") + "/cancel", kari, null)));
        assertEquals(200, cancel.statusCode(), cancel.bodyAsString());
      }
    }
  }
}
