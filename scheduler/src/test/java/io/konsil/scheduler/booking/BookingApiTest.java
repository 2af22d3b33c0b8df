package io.konsil.scheduler.booking;

import static io.konsil.scheduler.Responses.fields;
import static io.konsil.scheduler.Responses.ids;
import static io.konsil.scheduler.Responses.json;
import static io.konsil.scheduler.Responses.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.token.Role;
import io.konsil.scheduler.Fixture;
import io.konsil.scheduler.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class BookingApiTest {
  private Fixture f;

  /** The stores the tests run on: the embedded store here; {@code RedisBookingApiTest} runs them on Redis. */
  protected Future<Stores> stores(Vertx vertx) {
    return Future.succeededFuture(Stores.inMemory());
  }

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    stores(vertx).compose(stores -> Fixture.start(vertx, c -> c.withBooking(new KonsilConfig.Booking(
        Duration.ofSeconds(2), Duration.ofMinutes(15), Duration.ofMinutes(30), 14)), true, stores))
        .onComplete(ctx.succeeding(fx -> {
          f = fx;
          ctx.completeNow();
        }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    f.stop().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void slotsComeEarliestFirstAcrossTheNetworkAndPageWithAnOpaqueCursor(VertxTestContext ctx) {
    String token = f.patient("p1");
    f.get("/api/v1/slots?specialty=cardiology&limit=3", token).compose(r -> {
      assertEquals(200, r.statusCode(), r.bodyAsString());
      assertEquals(List.of("card-1-0", "card-2-0", "card-1-1"), ids(r));
      JsonObject first = json(r).getJsonArray("items").getJsonObject(0);
      assertEquals("free", first.getString("status"));
      assertEquals("video", first.getString("mode"));
      assertEquals("H1", first.getString("hospital"));
      assertEquals("card-1", first.getString("clinicianId"));
      assertEquals(OffsetDateTime.parse("2030-03-05T08:00:00+01:00").toInstant(),
          OffsetDateTime.parse(first.getString("start")).toInstant());
      String next = json(r).getString("next");
      assertNotNull(next);
      return f.get("/api/v1/slots?specialty=cardiology&limit=3&cursor=" + next, token);
    }).compose(r -> {
      assertEquals(List.of("card-2-1", "card-1-2", "card-2-2"), ids(r));
      return f.get("/api/v1/slots?limit=100", token);
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(18, ids(r).size());
      assertNull(json(r).getValue("next"));
      ctx.completeNow();
    })));
  }

  @Test
  void slotFiltersNarrowByHospitalRegionModeLanguageAndDates(VertxTestContext ctx) {
    String token = f.patient("p1");
    f.get("/api/v1/slots?hospital=H2&limit=100", token).compose(r -> {
      assertTrue(ids(r).stream().allMatch(id -> id.startsWith("card-2")), r.bodyAsString());
      assertEquals(6, ids(r).size());
      return f.get("/api/v1/slots?region=east&specialty=general-practice", token);
    }).compose(r -> {
      assertEquals(6, ids(r).size());
      assertTrue(ids(r).stream().allMatch(id -> id.startsWith("gp-1")));
      return f.get("/api/v1/slots?mode=in-person", token);
    }).compose(r -> {
      assertEquals(List.of("card-2-5"), ids(r));
      return f.get("/api/v1/slots?language=ar&limit=2", token);
    }).compose(r -> {
      assertEquals(List.of("card-2-0", "card-2-1"), ids(r));
      return f.get("/api/v1/slots?specialty=cardiology&from=2030-03-05T10:00:00%2B01:00&to=2030-03-05T11:30:00%2B01:00",
          token);
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(List.of("card-1-2", "card-2-2", "card-1-3", "card-2-3"), ids(r));
      ctx.completeNow();
    })));
  }

  @Test
  void invalidSearchParametersAreRefusedFieldByField(VertxTestContext ctx) {
    f.get("/api/v1/slots?limit=0&mode=fax&from=yesterday&cursor=@@", f.patient("p1"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          problem(r, 400, "invalid-query");
          List<String> fields = json(r).getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field"))
              .toList();
          assertTrue(fields.containsAll(List.of("limit", "mode", "from", "cursor")), fields.toString());
          ctx.completeNow();
        })));
  }

  @Test
  void callsWithoutAValidTokenAreRefusedWithTheReason(VertxTestContext ctx) {
    JsonObject expired = f.tokens.claims("p1", "P", "patient", false, "*").put("exp", 1_000_000_000L);
    f.get("/api/v1/slots", null).compose(r -> {
      problem(r, 401, "token-missing");
      return f.get("/api/v1/slots", f.tokens.hs256(expired));
    }).compose(r -> {
      problem(r, 401, "token-expired");
      return f.get("/api/v1/slots", f.tokens.hs256(f.tokens.claims("p1", "P", "patient", false, "*"), "other-secret-x"));
    }).compose(r -> {
      problem(r, 401, "token-signature");
      return f.get("/api/v1/openapi.yaml", null);
    }).compose(r -> {
      assertEquals(200, r.statusCode());
      assertTrue(r.bodyAsString().contains("openapi: 3"));
      return f.get("/api/v1/no-such-thing", f.patient("p1"));
    }).compose(r -> {
      problem(r, 404, "not-found");
      return f.book(f.patient("p1"), "k", null).compose(x -> f.request(io.vertx.core.http.HttpMethod.POST,
          "/api/v1/slots/card-1-0/hold", f.patient("p1"), null, io.vertx.core.MultiMap.caseInsensitiveMultiMap()));
    }).compose(r -> f.client.postAbs(f.server.http() + "/api/v1/appointments")
        .putHeader("Authorization", "Bearer " + f.patient("p1")).putHeader("Idempotency-Key", "x")
        .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("{not json")))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          problem(r, 400, "invalid-json");
          ctx.completeNow();
        })));
  }

  @Test
  void aHeldSlotCanOnlyBeBookedByItsHolder(VertxTestContext ctx) {
    String kari = f.patient("kari");
    String ola = f.patient("ola");
    f.post("/api/v1/slots/card-1-0/hold", kari, null).compose(r -> {
      assertEquals(201, r.statusCode(), r.bodyAsString());
      JsonObject hold = json(r);
      assertEquals("card-1-0", hold.getString("slotId"));
      assertNotNull(OffsetDateTime.parse(hold.getString("expiresAt")));
      return f.post("/api/v1/slots/card-1-0/hold", ola, null).compose(r2 -> {
        problem(r2, 409, "slot-unavailable");
        return f.book(ola, "o-1", new JsonObject().put("slotId", "card-1-0"));
      }).compose(r3 -> {
        problem(r3, 409, "slot-unavailable");
        return f.book(kari, "k-1", new JsonObject().put("slotId", "card-1-0").put("holdId", hold.getString("holdId")));
      });
    }).compose(r -> {
      assertEquals(201, r.statusCode(), r.bodyAsString());
      JsonObject a = json(r);
      for (String field : List.of("id", "slotId", "patientId", "clinicianId", "hospital", "start", "end", "kind",
          "status", "room")) {
        assertNotNull(a.getValue(field), field);
      }
      assertEquals("booked", a.getString("status"));
      assertEquals("kari", a.getString("patientId"));
      assertEquals("specialist-consultation", a.getString("kind"));
      return f.get("/api/v1/slots?specialty=cardiology&limit=1", kari);
    }).compose(r -> {
      assertEquals(List.of("card-2-0"), ids(r));
      return f.post("/api/v1/slots/nope/hold", kari, null);
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      problem(r, 404, "not-found");
      assertEquals(1.0, f.registry.counter("konsil.bookings").count());
      assertEquals(2.0, f.registry.counter("konsil.booking.conflicts").count());
      ctx.completeNow();
    })));
  }

  @Test
  void choosingAnotherTimeGivesTheHoldBackAtOnceAndOnlyTheHolderCan(VertxTestContext ctx) {
    String kari = f.patient("kari");
    String ola = f.patient("ola");
    io.vertx.core.http.HttpMethod delete = io.vertx.core.http.HttpMethod.DELETE;
    io.vertx.core.MultiMap none = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
    f.post("/api/v1/slots/card-1-0/hold", kari, null).compose(r -> {
      String holdId = json(r).getString("holdId");
      return f.request(delete, "/api/v1/slots/card-1-0/hold?holdId=" + holdId, ola, null, none).compose(r2 -> {
        assertEquals(204, r2.statusCode(), "nothing of ola's to release, and nothing revealed");
        return f.post("/api/v1/slots/card-1-0/hold", ola, null);
      }).compose(r3 -> {
        problem(r3, 409, "slot-unavailable");
        return f.request(delete, "/api/v1/slots/card-1-0/hold", kari, null, none);
      }).compose(r4 -> {
        problem(r4, 400, "invalid-query");
        return f.request(delete, "/api/v1/slots/card-1-0/hold?holdId=" + holdId, kari, null, none);
      });
    }).compose(r -> {
      assertEquals(204, r.statusCode(), r.bodyAsString());
      return f.post("/api/v1/slots/card-1-0/hold", ola, null);
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(201, r.statusCode(), "free for everybody again: " + r.bodyAsString());
      ctx.completeNow();
    })));
  }

  @Test
  void anExpiredHoldNoLongerBlocksOthers(VertxTestContext ctx) {
    f.post("/api/v1/slots/card-1-0/hold", f.patient("kari"), null).compose(r -> {
      assertEquals(201, r.statusCode());
      f.clock.advance(Duration.ofSeconds(3));
      return f.get("/api/v1/slots?specialty=cardiology&limit=1", f.patient("ola"));
    }).compose(r -> {
      assertEquals(List.of("card-1-0"), ids(r));
      return f.book(f.patient("ola"), "o-1", new JsonObject().put("slotId", "card-1-0"));
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(201, r.statusCode(), r.bodyAsString());
      ctx.completeNow();
    })));
  }

  @Test
  void theSameIdempotencyKeyReplaysOnlyTheSameRequest(VertxTestContext ctx) {
    String kari = f.patient("kari");
    JsonObject body = new JsonObject().put("slotId", "card-1-0");
    f.book(kari, "key-1", body).compose(first -> {
      assertEquals(201, first.statusCode());
      return f.book(kari, "key-1", body).compose(again -> {
        assertEquals(200, again.statusCode());
        assertEquals(json(first).getString("id"), json(again).getString("id"));
        return f.book(kari, "key-1", new JsonObject().put("slotId", "card-1-1"));
      });
    }).compose(r -> {
      problem(r, 422, "idempotency-key-reused");
      return f.book(kari, "", body);
    }).compose(r -> {
      problem(r, 400, "idempotency-key-missing");
      return f.book(kari, "key-2", new JsonObject());
    }).compose(r -> {
      problem(r, 400, "invalid-request");
      assertEquals(List.of("slotId"), fields(r));
      return f.book(f.token("gp-1", "gp"), "key-3", new JsonObject().put("slotId", "card-1-2"));
    }).compose(r -> {
      problem(r, 422, "invalid-body");
      return f.book(f.token("i-1", "interpreter"), "key-4", body);
    }).compose(r -> {
      problem(r, 403, "forbidden-role");
      return f.post("/api/v1/slots/card-1-3/hold", f.token("o-1", "observer"), null);
    }).compose(r -> {
      problem(r, 403, "forbidden-role");
      return f.book(f.token("gp-1", "gp"), "key-6", new JsonObject().put("slotId", "gp-1-3").put("patientId", "ola")
          .put("patientName", "Ola N"));
    }).compose(r -> {
      assertEquals(201, r.statusCode(), r.bodyAsString());
      assertEquals("Ola N", json(r).getString("patientName"));
      assertEquals("ola", json(r).getString("patientId"));
      return f.book(kari, "key-5", new JsonObject().put("slotId", "nope"));
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      problem(r, 404, "not-found");
      assertEquals(2.0, f.registry.counter("konsil.bookings").count());
      ctx.completeNow();
    })));
  }

  @Test
  void patientsSeeOnlyTheirOwnAppointmentsAndCliniciansTheirAgenda(VertxTestContext ctx) {
    String kari = f.patient("kari");
    String ola = f.patient("ola");
    f.book(kari, "k", new JsonObject().put("slotId", "card-1-0")).compose(r -> {
      String id = json(r).getString("id");
      return f.get("/api/v1/appointments", kari).compose(list -> {
        assertEquals(List.of(id), ids(list));
        return f.get("/api/v1/appointments", ola);
      }).compose(list -> {
        assertEquals(List.of(), ids(list));
        return f.get("/api/v1/appointments/" + id, ola);
      }).compose(other -> {
        problem(other, 404, "not-found");
        return f.get("/api/v1/appointments/" + id, f.token("card-1", "specialist", "H1"));
      }).compose(own -> {
        assertEquals(200, own.statusCode());
        assertEquals("Anne Berg", json(own).getString("clinicianName"));
        return f.get("/api/v1/appointments/" + id, f.token("card-2", "specialist", "H2"));
      }).compose(otherHospital -> {
        problem(otherHospital, 404, "not-found");
        return f.get("/api/v1/appointments", f.token("card-1", "specialist", "H1"));
      }).compose(agenda -> {
        assertEquals(List.of(id), ids(agenda));
        return f.get("/api/v1/appointments", f.token("obs", "observer"));
      });
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      problem(r, 403, "forbidden-role");
      ctx.completeNow();
    })));
  }

  @Test
  void cliniciansSeeTheirHospitalsAppointmentsAndPatientsMayNot(VertxTestContext ctx) {
    String kari = f.patient("kari");
    String ola = f.patient("ola");
    f.book(kari, "k1", new JsonObject().put("slotId", "card-1-0"))
        .compose(r -> f.book(ola, "k2", new JsonObject().put("slotId", "card-2-0")))
        .compose(r -> f.book(ola, "k3", new JsonObject().put("slotId", "gp-1-1")))
        .compose(r -> f.get("/api/v1/appointments?scope=hospital", f.token("gp-1", "gp", "H1")))
        .compose(h1 -> {
          assertEquals(200, h1.statusCode(), h1.bodyAsString());
          List<JsonObject> items = json(h1).getJsonArray("items").stream().map(JsonObject.class::cast).toList();
          assertEquals(List.of("card-1-0", "gp-1-1"), items.stream().map(a -> a.getString("slotId")).toList());
          assertEquals(List.of("kari", "ola"), items.stream().map(a -> a.getString("patientId")).toList());
          assertTrue(items.stream().allMatch(a -> a.getString("hospital").equals("H1")
              && !a.containsKey("clinicalQuestion") && !a.containsKey("note")), items.toString());
          // Without a hospital claim, the clinician's hospital in the network counts.
          return f.get("/api/v1/appointments?scope=hospital", f.token("card-2", "specialist"));
        }).compose(h2 -> {
          assertEquals(List.of("card-2-0"), json(h2).getJsonArray("items").stream()
              .map(a -> ((JsonObject) a).getString("slotId")).toList());
          return f.get("/api/v1/appointments?scope=hospital&from=2030-03-05T07:30:00Z", f.token("n-1", "nurse", "H1"));
        }).compose(later -> {
          assertEquals(List.of("gp-1-1"), json(later).getJsonArray("items").stream()
              .map(a -> ((JsonObject) a).getString("slotId")).toList());
          return f.get("/api/v1/appointments?scope=own", kari);
        }).compose(own -> {
          assertEquals(1, json(own).getJsonArray("items").size());
          return f.get("/api/v1/appointments?scope=hospital", kari);
        }).compose(patient -> {
          problem(patient, 403, "forbidden-role");
          return f.get("/api/v1/appointments?scope=hospital", f.token("obs", "observer", "H1"));
        }).compose(observer -> {
          problem(observer, 403, "forbidden-role");
          return f.get("/api/v1/appointments?scope=network", f.token("gp-1", "gp", "H1"));
        }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          problem(r, 400, "invalid-query");
          assertEquals(List.of("scope"), fields(r));
          ctx.completeNow();
        })));
  }

  @Test
  void cancellingFreesTheSlotAtOnce(VertxTestContext ctx) {
    String kari = f.patient("kari");
    f.book(kari, "k", new JsonObject().put("slotId", "card-1-0")).compose(r -> {
      String id = json(r).getString("id");
      return f.post("/api/v1/appointments/" + id + "/cancel", f.patient("ola"), null).compose(other -> {
        problem(other, 404, "not-found");
        return f.post("/api/v1/appointments/" + id + "/cancel", kari, null);
      }).compose(c -> {
        assertEquals(200, c.statusCode());
        assertEquals("cancelled", json(c).getString("status"));
        return f.get("/api/v1/slots?specialty=cardiology&limit=1", kari);
      }).compose(s -> {
        assertEquals(List.of("card-1-0"), ids(s));
        return f.post("/api/v1/appointments/" + id + "/cancel", kari, null);
      });
    }).compose(r -> {
      problem(r, 409, "invalid-transition");
      return f.book(f.patient("ola"), "o", new JsonObject().put("slotId", "card-1-0"));
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(201, r.statusCode());
      ctx.completeNow();
    })));
  }

  @Test
  void eachNewHolderOfASlotGetsAHigherVersionAsItsFencingToken(VertxTestContext ctx) {
    String kari = f.patient("kari");
    String ola = f.patient("ola");
    f.book(kari, "k", new JsonObject().put("slotId", "card-1-0")).compose(first -> {
      long kariVersion = json(first).getLong("version");
      return f.post("/api/v1/appointments/" + json(first).getString("id") + "/cancel", kari, null)
          .compose(cancelled -> {
            assertEquals(kariVersion, json(cancelled).getLong("version"), "a cancelled appointment keeps its token");
            return f.post("/api/v1/slots/card-1-0/hold", ola, null);
          })
          .compose(hold -> f.book(ola, "o", new JsonObject().put("slotId", "card-1-0")
              .put("holdId", json(hold).getString("holdId"))))
          .map(second -> {
            assertTrue(kariVersion >= 1, "version " + kariVersion);
            assertTrue(json(second).getLong("version") > kariVersion,
                json(second).getLong("version") + " after " + kariVersion);
            return second;
          });
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(201, r.statusCode());
      ctx.completeNow();
    })));
  }

  @Test
  void reschedulingMovesTheAppointmentAndFreesTheOldSlot(VertxTestContext ctx) {
    String kari = f.patient("kari");
    f.book(kari, "k", new JsonObject().put("slotId", "card-1-0")).compose(r -> {
      JsonObject a = json(r);
      return f.post("/api/v1/appointments/" + a.getString("id") + "/reschedule", kari,
          new JsonObject().put("slotId", "card-2-3")).compose(moved -> {
            assertEquals(200, moved.statusCode(), moved.bodyAsString());
            assertEquals(a.getString("id"), json(moved).getString("id"));
            assertEquals(a.getString("room"), json(moved).getString("room"));
            assertEquals("card-2-3", json(moved).getString("slotId"));
            assertEquals("H2", json(moved).getString("hospital"));
            return f.get("/api/v1/slots?specialty=cardiology&limit=100", kari);
          }).compose(s -> {
            assertTrue(ids(s).contains("card-1-0"));
            assertFalse(ids(s).contains("card-2-3"));
            return f.book(f.patient("ola"), "o", new JsonObject().put("slotId", "card-1-1"));
          }).compose(x -> f.post("/api/v1/appointments/" + a.getString("id") + "/reschedule", kari,
              new JsonObject().put("slotId", "card-1-1")));
    }).compose(r -> {
      problem(r, 409, "slot-unavailable");
      return f.post("/api/v1/appointments/nope/reschedule", kari, new JsonObject().put("slotId", "card-1-2"));
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      problem(r, 404, "not-found");
      ctx.completeNow();
    })));
  }

  @Test
  void joinGivesARoomTokenOnlyInsideTheWindowAndOnlyToParties(VertxTestContext ctx) {
    String kari = f.patient("kari");
    String clinician = f.tokens.specialist("card-1", "*");
    f.book(kari, "k", new JsonObject().put("slotId", "card-1-0")).compose(r -> {
      JsonObject a = json(r);
      String join = "/api/v1/appointments/" + a.getString("id") + "/join";
      return f.post(join, kari, null).compose(early -> {
        problem(early, 409, "outside-join-window");
        f.clock.set(OffsetDateTime.parse(a.getString("start")).toInstant().minus(Duration.ofMinutes(14)));
        return f.post(join, kari, null);
      }).compose(ok -> {
        assertEquals(200, ok.statusCode(), ok.bodyAsString());
        JsonObject t = json(ok);
        assertEquals(a.getString("room"), t.getString("room"));
        assertEquals(f.config.publicUrl() + "/" + t.getString("room") + "?jwt=" + t.getString("jwt"), t.getString("url"));
        return f.verifier.verifyForRoom(t.getString("jwt"), t.getString("room")).compose(caller -> {
          assertEquals(Role.PATIENT, caller.role());
          assertFalse(caller.moderator());
          assertEquals("kari", caller.id());
          return f.verifier.verifyForRoom(t.getString("jwt"), "another-room").transform(x -> {
            assertTrue(x.failed(), "a join token is for its room only");
            return f.post(join, clinician, null);
          });
        });
      }).compose(doc -> {
        assertEquals(200, doc.statusCode());
        return f.verifier.verify(json(doc).getString("jwt"));
      }).compose(doctor -> {
        assertTrue(doctor.moderator());
        return f.post(join, f.patient("ola"), null);
      }).compose(stranger -> {
        problem(stranger, 404, "not-found");
        f.clock.set(OffsetDateTime.parse(a.getString("end")).toInstant().plus(Duration.ofMinutes(31)));
        return f.post(join, kari, null);
      });
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      problem(r, 409, "outside-join-window");
      ctx.completeNow();
    })));
  }

  @Test
  void calendarsExportAsICalendar(VertxTestContext ctx) {
    String kari = f.patient("kari");
    f.book(kari, "k", new JsonObject().put("slotId", "card-1-0")).compose(r -> {
      String id = json(r).getString("id");
      return f.get("/api/v1/appointments/" + id + ".ics", kari).compose(ics -> {
        assertEquals(200, ics.statusCode());
        assertTrue(ics.getHeader("content-type").startsWith("text/calendar"));
        assertTrue(ics.bodyAsString().contains("UID:" + id + "@konsil\r\n"), ics.bodyAsString());
        assertTrue(ics.bodyAsString().contains("DTSTART:20300305T070000Z"), ics.bodyAsString());
        return f.get("/api/v1/appointments/" + id + ".ics", f.patient("ola"));
      }).compose(other -> {
        problem(other, 404, "not-found");
        return f.get("/api/v1/agenda.ics", f.tokens.specialist("card-1", "*"));
      }).compose(agenda -> {
        assertTrue(agenda.bodyAsString().contains("UID:" + id + "@konsil"));
        return f.get("/api/v1/agenda.ics", kari);
      });
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      problem(r, 403, "forbidden-role");
      ctx.completeNow();
    })));
  }

  @Test
  void aCancelledAppointmentCannotBeJoinedAndOversizedBodiesAreRefused(VertxTestContext ctx) {
    String kari = f.patient("kari");
    f.book(kari, "k", new JsonObject().put("slotId", "card-1-0")).compose(r -> {
      String id = json(r).getString("id");
      f.clock.set(OffsetDateTime.parse(json(r).getString("start")).toInstant());
      return f.post("/api/v1/appointments/" + id + "/cancel", kari, null)
          .compose(c -> f.post("/api/v1/appointments/" + id + "/join", kari, null));
    }).compose(r -> {
      problem(r, 409, "appointment-not-active");
      return f.post("/api/v1/slots/card-1-0/hold", kari, null);
    }).compose(r -> {
      problem(r, 409, "slot-unavailable");
      JsonObject huge = new JsonObject().put("slotId", "card-1-1").put("padding", "x".repeat(70_000));
      return f.book(kari, "k2", huge);
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      problem(r, 413, "body-too-large");
      ctx.completeNow();
    })));
  }
}
