package io.konsil.scheduler.booking;

import static io.konsil.scheduler.RedisNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.RedisProcess;
import io.konsil.scheduler.Fixture;
import io.konsil.scheduler.RedisNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A durable redis-server (AOF, {@code appendfsync always}, as infra/redis/redis.conf) killed with -9 while patients
 * book: every booking that was acknowledged with 201 is there after the restart; none was acknowledged unstored.
 */
class RedisDurabilityTest {
  private static final List<String> CLINICIANS = List.of("card-1", "card-2", "gp-1");

  @Test
  void everyBookingAcknowledgedBeforeAKillNineIsStillThereAfterTheRestart() throws Exception {
    try (RedisProcess redis = RedisProcess.durable()) {
      Map<String, String> acknowledged = new ConcurrentHashMap<>(); // appointment id -> patient
      List<HttpResponse<Buffer>> refused = new CopyOnWriteArrayList<>();
      try (RedisNode node = RedisNode.start(redis.uri(), true)) {
        Fixture f = node.fixture;
        // One lane of patients per clinician, each booking the clinician's slots one after the other.
        List<Future<Void>> lanes = new ArrayList<>();
        for (String clinician : CLINICIANS) {
          lanes.add(node.on(() -> lane(f, clinician, 0, acknowledged, refused)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (acknowledged.size() < 6 && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        redis.kill9(); // while the lanes are still booking
        await(Future.join(lanes));
      }
      assertTrue(acknowledged.size() >= 6, "bookings acknowledged before the kill: " + acknowledged.size());
      assertTrue(!refused.isEmpty(), "bookings were still being made when Redis died");
      for (HttpResponse<Buffer> r : refused) {
        // While Redis is gone nothing is acknowledged: the store is unavailable, never a 201 that was not stored.
        assertEquals(503, r.statusCode(), r.bodyAsString());
        assertEquals("store-unavailable", r.bodyAsJsonObject().getString("code"));
      }

      redis.restart();
      try (RedisNode fresh = RedisNode.start(redis.uri(), false)) {
        Fixture f = fresh.fixture;
        for (Map.Entry<String, String> booked : acknowledged.entrySet()) {
          HttpResponse<Buffer> read = await(fresh.on(() -> f.get("/api/v1/appointments/" + booked.getKey(),
              f.patient(booked.getValue()))));
          assertEquals(200, read.statusCode(), "acknowledged booking " + booked.getKey() + " lost: " + read.bodyAsString());
          assertEquals("booked", read.bodyAsJsonObject().getString("status"));
          String slotId = read.bodyAsJsonObject().getString("slotId");
          Slot slot = await(fresh.on(() -> f.stores.booking().slot(slotId)));
          assertEquals(booked.getKey(), slot.appointmentId());
        }
        HttpResponse<Buffer> free = await(fresh.on(() -> f.get("/api/v1/slots?limit=100", f.patient("x"))));
        assertEquals(18 - acknowledged.size(), io.konsil.scheduler.Responses.ids(free).size());
      }
    }
  }

  private static Future<Void> lane(Fixture f, String clinician, int slot, Map<String, String> acknowledged,
                                   List<HttpResponse<Buffer>> refused) {
    if (slot == 6) {
      return Future.succeededFuture();
    }
    String patient = "patient-" + clinician + "-" + slot;
    return f.book(f.patient(patient), "key-" + patient, new JsonObject().put("slotId", clinician + "-" + slot))
        .compose(r -> {
          if (r.statusCode() == 201) {
            acknowledged.put(r.bodyAsJsonObject().getString("id"), patient);
          } else {
            refused.add(r);
          }
          // A short pause between a lane's bookings, so that some are still to come when Redis is killed.
          return io.vertx.core.Vertx.currentContext().owner().timer(25, TimeUnit.MILLISECONDS)
              .compose(t -> lane(f, clinician, slot + 1, acknowledged, refused));
        });
  }
}
