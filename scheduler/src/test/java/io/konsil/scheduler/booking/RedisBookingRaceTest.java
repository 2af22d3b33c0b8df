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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two scheduler nodes on one real redis-server, raced by hundreds of patients for a few slots. */
class RedisBookingRaceTest {
  /** Slots at two hospitals (card-1, gp-1 at H1; card-2 at H2). */
  private static final List<String> SLOTS = List.of("card-1-0", "card-1-1", "card-2-0", "card-2-1", "gp-1-0");
  private static final int REQUESTS = 400;

  private record Attempt(String patient, String slot, HttpResponse<Buffer> response) {}

  @Test
  void patientsRacingOnTwoNodesGetExactlyOneBookingPerSlotAndNoSlotIsLost() throws Exception {
    try (RedisProcess redis = RedisProcess.start();
         RedisNode a = RedisNode.start(redis.uri(), true);
         RedisNode b = RedisNode.start(redis.uri(), false)) {
      List<Future<Attempt>> all = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        RedisNode node = i % 2 == 0 ? a : b;
        Fixture f = node.fixture;
        String patient = "patient-" + i;
        String token = f.patient(patient);
        String slot = SLOTS.get(i % SLOTS.size());
        boolean direct = i % 4 < 2;
        // Half hold first and book with the hold, half book directly: both paths compete for the same slots.
        all.add(node.on(() -> (direct
            ? f.book(token, "key-" + patient, new JsonObject().put("slotId", slot))
            : f.post("/api/v1/slots/" + slot + "/hold", token, null).compose(h -> h.statusCode() != 201
                ? Future.succeededFuture(h)
                : f.book(token, "key-" + patient, new JsonObject().put("slotId", slot)
                    .put("holdId", h.bodyAsJsonObject().getString("holdId")))))
            .map(r -> new Attempt(patient, slot, r))));
      }
      await(Future.join(all));
      List<Attempt> attempts = all.stream().map(Future::result).toList();

      Map<String, Attempt> winners = new HashMap<>();
      Map<Integer, Integer> byStatus = new HashMap<>();
      for (Attempt t : attempts) {
        byStatus.merge(t.response().statusCode(), 1, Integer::sum);
        if (t.response().statusCode() == 201) {
          Attempt earlier = winners.put(t.slot(), t);
          assertEquals(null, earlier, "a second 201 for " + t.slot());
        } else {
          assertEquals(409, t.response().statusCode(), t.response().bodyAsString());
          assertEquals("slot-unavailable", t.response().bodyAsJsonObject().getString("code"));
        }
      }
      assertEquals(Map.of(201, SLOTS.size(), 409, REQUESTS - SLOTS.size()), byStatus);
      assertEquals(Set.copyOf(SLOTS), winners.keySet());

      // No lost slot and no double booking, as either node reads it: each slot booked by its one winner, whose
      // appointment the other node returns, carrying the slot's version as its fencing token.
      for (Attempt w : winners.values()) {
        JsonObject booked = w.response().bodyAsJsonObject();
        RedisNode other = attempts.indexOf(w) % 2 == 0 ? b : a;
        HttpResponse<Buffer> read = await(other.on(() -> other.fixture.get("/api/v1/appointments/" + booked.getString("id"),
            other.fixture.patient(w.patient()))));
        assertEquals(200, read.statusCode(), read.bodyAsString());
        assertEquals("booked", read.bodyAsJsonObject().getString("status"));
        Slot slot = await(other.on(() -> other.fixture.stores.booking().slot(w.slot())));
        assertEquals(SlotStatus.BOOKED, slot.status());
        assertEquals(booked.getString("id"), slot.appointmentId());
        assertEquals(slot.version(), (long) booked.getLong("version"));
        assertTrue(slot.version() >= 1);
      }
      HttpResponse<Buffer> free = await(b.on(() -> b.fixture.get("/api/v1/slots?limit=100", b.fixture.patient("x"))));
      List<String> offered = io.konsil.scheduler.Responses.ids(free);
      assertEquals(18 - SLOTS.size(), offered.size(), offered.toString());
      SLOTS.forEach(s -> assertTrue(!offered.contains(s), s + " is still offered"));
    }
  }
}
