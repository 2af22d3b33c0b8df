package io.konsil.scheduler.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.konsil.common.testing.FreePort;
import io.konsil.scheduler.Fixture;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ConcurrentBookingTest {

  @Test
  void hundredsOfSimultaneousBookingsOfAFewSlotsHaveExactlyOneWinnerEach(Vertx vertx, VertxTestContext ctx) {
    List<String> slots = List.of("card-1-0", "card-1-1", "card-2-0", "card-2-1", "gp-1-0");
    int requests = 400;
    int port = FreePort.find();
    Fixture.start(vertx).compose(f -> {
      // Four server instances on four event loops share one port, so bookings really run in parallel.
      Router router = Router.router(vertx);
      f.feature.mount(router);
      return vertx.deployVerticle(() -> new VerticleBase() {
        @Override
        public Future<?> start() {
          return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
        }
      }, new DeploymentOptions().setInstances(4)).map(id -> {
        f.base = "http://127.0.0.1:" + port;
        return f;
      });
    }).compose(f -> {
      List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        // Half hold first, half book directly: both paths compete for the same slots.
        String token = f.patient("patient-" + i);
        String slot = slots.get(i % slots.size());
        String key = "key-" + i;
        all.add(i % 2 == 0
            ? f.book(token, key, new JsonObject().put("slotId", slot))
            : f.post("/api/v1/slots/" + slot + "/hold", token, null).compose(h -> h.statusCode() != 201
                ? Future.succeededFuture(h)
                : f.book(token, key, new JsonObject().put("slotId", slot)
                    .put("holdId", h.bodyAsJsonObject().getString("holdId")))));
      }
      return Future.join(all).transform(x -> {
        List<HttpResponse<Buffer>> responses = all.stream().map(Future::result).toList();
        Map<Integer, Long> byStatus = responses.stream()
            .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        Map<String, Integer> winners = new HashMap<>();
        responses.stream().filter(r -> r.statusCode() == 201)
            .forEach(r -> winners.merge(r.bodyAsJsonObject().getString("slotId"), 1, Integer::sum));
        ctx.verify(() -> {
          assertEquals(slots.size(), byStatus.getOrDefault(201, 0L), byStatus.toString());
          assertEquals(requests - slots.size(), byStatus.getOrDefault(409, 0L), byStatus.toString());
          assertEquals(Set.copyOf(slots), winners.keySet());
          winners.values().forEach(n -> assertEquals(1, n));
          assertEquals(slots.size(), f.registry.counter("konsil.bookings").count());
        });
        // No lost slot: every booked slot has its appointment; every other slot is still offered.
        return Future.all(slots.stream().map(id -> f.stores.booking().slot(id)).toList()).compose(s -> {
          ctx.verify(() -> s.<io.konsil.scheduler.booking.Slot>list().forEach(slot ->
              assertEquals(io.konsil.scheduler.booking.SlotStatus.BOOKED, slot.status())));
          return f.get("/api/v1/slots?limit=100", f.patient("x"));
        }).compose(r -> {
          ctx.verify(() -> assertEquals(18 - slots.size(), r.bodyAsJsonObject().getJsonArray("items").size()));
          return f.stop();
        });
      });
    }).onComplete(ctx.succeedingThenComplete());
  }
}
