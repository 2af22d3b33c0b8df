package io.konsil.scheduler;

import static io.konsil.scheduler.Responses.fields;
import static io.konsil.scheduler.Responses.ids;
import static io.konsil.scheduler.Responses.json;
import static io.konsil.scheduler.Responses.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.presence.PresenceState;
import io.konsil.common.token.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Referrals, second opinions, invites, agenda with presence, schedules, network lookups. */
@ExtendWith(VertxExtension.class)
class WorkflowApiTest {
  private Fixture f;

  /** The stores the tests run on: the embedded store here; {@code RedisWorkflowApiTest} runs them on Redis. */
  protected Future<Stores> stores(Vertx vertx) {
    return Future.succeededFuture(Stores.inMemory());
  }

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    stores(vertx).compose(stores -> Fixture.start(vertx, c -> c, true, stores)).onComplete(ctx.succeeding(fx -> {
      f = fx;
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    f.stop().onComplete(ctx.succeedingThenComplete());
  }

  private static JsonObject first(JsonObject list) {
    return list.getJsonArray("items").getJsonObject(0);
  }

  private JsonObject referral() {
    return new JsonObject().put("patientId", "kari").put("patientName", "Kari").put("specialty", "cardiology")
        .put("priority", "urgent").put("clinicalQuestion", "Chest pain?").put("deadline", "2030-04-01")
        .put("cancerPathway", false);
  }

  @Test
  void aReferralIsWrittenAssessedBookedAndThePatientSeesOnlyTheirs(VertxTestContext ctx) {
    String gp = f.tokens.gp("gp-1", "*");
    String card = f.tokens.specialist("card-1", "*");
    String kari = f.patient("kari");
    f.post("/api/v1/referrals", kari, referral()).compose(r -> {
      problem(r, 403, "forbidden-role");
      return f.post("/api/v1/referrals", gp, new JsonObject().put("priority", "soon").put("deadline", "2030-01-01")
          .put("specialty", "astrology"));
    }).compose(r -> {
      // The contract (required fields, enums) is checked first: 400 with every field against the schema.
      problem(r, 400, "invalid-request");
      assertTrue(fields(r).containsAll(List.of("patientId", "priority", "clinicalQuestion")), fields(r).toString());
      return f.post("/api/v1/referrals", gp, referral().put("deadline", "2030-01-01").put("specialty", "astrology"));
    }).compose(r -> {
      // Then the rules the schema cannot express: a deadline in the past, an unknown specialty.
      problem(r, 422, "invalid-body");
      assertTrue(fields(r).containsAll(List.of("deadline", "specialty")), fields(r).toString());
      return f.post("/api/v1/referrals", gp, referral());
    }).compose(r -> {
      assertEquals(201, r.statusCode(), r.bodyAsString());
      String id = json(r).getString("id");
      assertEquals("received", json(r).getString("status"));
      return f.get("/api/v1/referrals", kari).compose(list -> {
        assertEquals(List.of(id), ids(list));
        return f.get("/api/v1/referrals/" + id, f.patient("ola"));
      }).compose(other -> {
        problem(other, 404, "not-found");
        return f.get("/api/v1/referrals", card);
      }).compose(list -> {
        assertEquals(List.of(id), ids(list));
        return f.book(kari, "k0", new JsonObject().put("slotId", "card-1-0").put("referralId", id));
      }).compose(notYet -> {
        problem(notYet, 422, "referral-not-bookable");
        return f.post("/api/v1/referrals/" + id + "/assess", gp, null);
      }).compose(wrongRole -> {
        problem(wrongRole, 403, "forbidden-role");
        return f.post("/api/v1/referrals/" + id + "/assess", card, new JsonObject().put("note", "ok"));
      }).compose(assessed -> {
        assertEquals("assessed", json(assessed).getString("status"));
        return f.book(kari, "k1", new JsonObject().put("slotId", "card-1-0").put("referralId", id));
      }).compose(booked -> {
        assertEquals(201, booked.statusCode(), booked.bodyAsString());
        return f.get("/api/v1/referrals/" + id, kari);
      }).compose(scheduled -> {
        assertEquals("scheduled", json(scheduled).getString("status"));
        assertNotNull(json(scheduled).getString("appointmentId"));
        return f.post("/api/v1/referrals/" + id + "/reject", card, null);
      }).compose(late -> {
        problem(late, 409, "invalid-transition");
        return f.get("/api/v1/referrals/nope", card);
      });
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      problem(r, 404, "not-found");
      ctx.completeNow();
    })));
  }

  @Test
  void aSecondOpinionIsAcceptedOnceAndItsPartiesCanJoinAndInvite(VertxTestContext ctx) {
    String gp = f.tokens.gp("gp-1", "*");
    String card1 = f.tokens.specialist("card-1", "*");
    String card2 = f.tokens.specialist("card-2", "*");
    f.post("/api/v1/second-opinions", f.patient("kari"), new JsonObject().put("specialty", "cardiology")
        .put("question", "Q")).compose(r -> {
      problem(r, 403, "forbidden-role");
      return f.post("/api/v1/second-opinions", gp, new JsonObject().put("specialty", "cardiology"));
    }).compose(r -> {
      problem(r, 400, "invalid-request");
      assertEquals(List.of("question"), fields(r));
      return f.post("/api/v1/second-opinions", gp, new JsonObject().put("specialty", "cardiology")
          .put("question", "Pacemaker?").put("patientId", "kari"));
    }).compose(r -> {
      assertEquals(201, r.statusCode(), r.bodyAsString());
      String id = json(r).getString("id");
      String path = "/api/v1/second-opinions/" + id;
      return f.get("/api/v1/second-opinions", card2).compose(list -> {
        assertEquals(List.of(id), ids(list));
        return f.post(path + "/join", gp, null);
      }).compose(notYet -> {
        problem(notYet, 409, "second-opinion-not-accepted");
        return f.post(path + "/accept", card1, new JsonObject().put("slotId", "now"));
      }).compose(accepted -> {
        assertEquals(200, accepted.statusCode(), accepted.bodyAsString());
        assertEquals("accepted", json(accepted).getString("status"));
        String room = json(accepted).getString("room");
        assertNotNull(room);
        return f.post(path + "/accept", card2, null).compose(second -> {
          problem(second, 404, "not-found");
          return f.post(path + "/join", gp, null);
        }).compose(join -> {
          assertEquals(200, join.statusCode(), join.bodyAsString());
          assertEquals(room, json(join).getString("room"));
          return f.post(path + "/join", card2, null);
        }).compose(stranger -> {
          problem(stranger, 404, "not-found");
          return f.post("/api/v1/rooms/" + room + "/invites", gp, new JsonObject().put("role", "interpreter")
              .put("name", "Tolk"));
        }).compose(invite -> {
          assertEquals(201, invite.statusCode(), invite.bodyAsString());
          assertTrue(json(invite).getString("url").endsWith("/" + room + "?jwt=" + json(invite).getString("jwt")));
          return f.verifier.verifyForRoom(json(invite).getString("jwt"), room);
        }).compose(guest -> {
          assertEquals(Role.INTERPRETER, guest.role());
          assertFalse(guest.moderator());
          return f.post("/api/v1/rooms/" + room + "/invites", card1, new JsonObject().put("role", "specialist"));
        }).compose(colleague -> f.verifier.verify(json(colleague).getString("jwt"))).compose(colleague -> {
          assertTrue(colleague.moderator());
          return f.post("/api/v1/rooms/" + room + "/invites", f.patient("kari"), new JsonObject().put("role", "nurse"));
        }).compose(patient -> {
          problem(patient, 403, "forbidden-role");
          return f.post("/api/v1/rooms/" + room + "/invites", card2, new JsonObject().put("role", "nurse"));
        }).compose(nonParty -> {
          problem(nonParty, 404, "not-found");
          return f.post("/api/v1/rooms/" + room + "/invites", gp, new JsonObject().put("role", "admin"));
        });
      });
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      problem(r, 400, "invalid-request");
      assertEquals(List.of("role"), fields(r));
      ctx.completeNow();
    })));
  }

  @Test
  void acceptingASecondOpinionAtOwnSlotBooksThatSlot(VertxTestContext ctx) {
    String gp = f.tokens.gp("gp-1", "*");
    String card1 = f.tokens.specialist("card-1", "*");
    f.post("/api/v1/second-opinions", gp, new JsonObject().put("specialty", "cardiology").put("question", "Q"))
        .compose(r -> f.post("/api/v1/second-opinions/" + json(r).getString("id") + "/accept", card1,
            new JsonObject().put("slotId", "card-2-0")).compose(notMine -> {
              problem(notMine, 422, "invalid-body");
              return f.post("/api/v1/second-opinions/" + json(r).getString("id") + "/accept", card1,
                  new JsonObject().put("slotId", "card-1-2"));
            }))
        .compose(r -> {
          assertEquals(200, r.statusCode(), r.bodyAsString());
          assertNotNull(json(r).getString("appointmentId"));
          return f.get("/api/v1/slots?hospital=H1&specialty=cardiology&limit=100", card1);
        }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertFalse(ids(r).contains("card-1-2"));
          ctx.completeNow();
        })));
  }

  @Test
  void anAdHocSecondOpinionIsCompletedWhenItsRoomEmptiesAfterACall(VertxTestContext ctx) {
    String gp = f.tokens.gp("gp-1", "*");
    String card1 = f.tokens.specialist("card-1", "*");
    f.post("/api/v1/second-opinions", gp, new JsonObject().put("specialty", "cardiology").put("question", "Q"))
        .compose(r -> f.post("/api/v1/second-opinions/" + json(r).getString("id") + "/accept", card1, null))
        .compose(r -> {
          String id = json(r).getString("id");
          String room = json(r).getString("room");
          // A look into the lobby of an empty room is not a call: the second opinion stays accepted.
          f.presence.move(room, "gp-1", PresenceState.IN_LOBBY);
          f.presence.move(room, "gp-1", PresenceState.LEFT);
          return f.get("/api/v1/second-opinions/" + id, gp).compose(so -> {
            assertEquals("accepted", json(so).getString("status"));
            f.presence.move(room, "card-1", PresenceState.IN_CALL);
            f.presence.move(room, "gp-1", PresenceState.IN_CALL);
            f.presence.move(room, "gp-1", PresenceState.RECONNECTING);
            f.presence.move(room, "card-1", PresenceState.LEFT);
            return f.get("/api/v1/second-opinions/" + id, gp);
          }).compose(so -> {
            assertEquals("accepted", json(so).getString("status"), "someone is still reconnecting");
            f.presence.move(room, "gp-1", PresenceState.LEFT);
            return f.eventually(() -> f.get("/api/v1/second-opinions/" + id, gp),
                body -> "completed".equals(body.getString("status")));
          }).compose(so -> {
            assertEquals("completed", json(so).getString("status"));
            assertEquals(room, json(so).getString("room"));
            return f.post("/api/v1/second-opinions/" + id + "/join", card1, null);
          });
        }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          problem(r, 409, "second-opinion-not-active");
          ctx.completeNow();
        })));
  }

  @Test
  void aSecondOpinionMetAtASlotIsCompletedWithItsAppointment(VertxTestContext ctx) {
    String gp = f.tokens.gp("gp-1", "*");
    String card1 = f.tokens.specialist("card-1", "*");
    f.post("/api/v1/second-opinions", gp, new JsonObject().put("specialty", "cardiology").put("question", "Q"))
        .compose(r -> f.post("/api/v1/second-opinions/" + json(r).getString("id") + "/accept", card1,
            new JsonObject().put("slotId", "card-1-2")))
        .compose(r -> {
          String id = json(r).getString("id");
          String room = json(r).getString("room");
          String appointment = json(r).getString("appointmentId");
          f.presence.move(room, "card-1", PresenceState.IN_CALL);
          f.presence.move(room, "gp-1", PresenceState.IN_CALL);
          return f.eventually(() -> f.get("/api/v1/appointments/" + appointment, card1),
              a -> "in-progress".equals(a.getString("status"))).compose(a -> {
            assertEquals("in-progress", json(a).getString("status"));
            f.presence.move(room, "gp-1", PresenceState.LEFT);
            f.presence.move(room, "card-1", PresenceState.LEFT);
            return f.eventually(() -> f.get("/api/v1/appointments/" + appointment, card1),
                a2 -> "fulfilled".equals(a2.getString("status")));
          }).compose(a -> {
            assertEquals("fulfilled", json(a).getString("status"));
            return f.eventually(() -> f.get("/api/v1/second-opinions/" + id, gp),
                so -> "completed".equals(so.getString("status")));
          });
        }).onComplete(ctx.succeeding(so -> ctx.verify(() -> {
          assertEquals("completed", json(so).getString("status"), so.bodyAsString());
          ctx.completeNow();
        })));
  }

  @Test
  void theAgendaFollowsPresenceAndAppointmentsMoveWithIt(VertxTestContext ctx) {
    String kari = f.patient("kari");
    String card1 = f.tokens.specialist("card-1", "*");
    f.book(kari, "k", new JsonObject().put("slotId", "card-1-0")).compose(r -> {
      String id = json(r).getString("id");
      String room = json(r).getString("room");
      String agenda = "/api/v1/agenda?date=2030-03-05";
      return f.get(agenda, card1).compose(a -> {
        assertEquals("not-arrived", json(a).getJsonArray("items").getJsonObject(0).getString("presence"));
        f.presence.move(room, "kari", PresenceState.IN_LOBBY);
        return f.eventually(() -> f.get(agenda, card1), day -> "arrived".equals(first(day).getString("status")));
      }).compose(a -> {
        JsonObject entry = json(a).getJsonArray("items").getJsonObject(0);
        assertEquals("in-lobby", entry.getString("presence"));
        assertEquals("arrived", entry.getString("status"));
        f.presence.move(room, "card-1", PresenceState.IN_CALL);
        f.presence.move(room, "kari", PresenceState.IN_CALL);
        return f.eventually(() -> f.get(agenda, card1), day -> "in-progress".equals(first(day).getString("status")));
      }).compose(a -> {
        JsonObject entry = json(a).getJsonArray("items").getJsonObject(0);
        assertEquals("in-call", entry.getString("presence"));
        assertEquals("in-progress", entry.getString("status"));
        f.presence.move(room, "kari", PresenceState.LEFT);
        f.presence.move(room, "card-1", PresenceState.LEFT);
        return f.eventually(() -> f.get("/api/v1/appointments/" + id, kari),
            appointment -> "fulfilled".equals(appointment.getString("status")));
      }).compose(a -> {
        assertEquals("fulfilled", json(a).getString("status"));
        return f.get(agenda, card1);
      }).compose(a -> {
        assertEquals("done", json(a).getJsonArray("items").getJsonObject(0).getString("presence"));
        return f.get("/api/v1/agenda?date=2030-03-06", card1);
      }).compose(a -> {
        assertEquals(0, json(a).getJsonArray("items").size());
        return f.get("/api/v1/agenda?date=tomorrow", card1);
      }).compose(bad -> {
        problem(bad, 400, "invalid-query");
        return f.get(agenda, kari);
      });
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      problem(r, 403, "forbidden-role");
      ctx.completeNow();
    })));
  }

  @Test
  void anAdminSetsAScheduleAndFreeSlotsFollowIt(VertxTestContext ctx) {
    String admin = f.token("admin-1", "admin");
    JsonObject schedule = new JsonObject().put("weekly", new JsonArray()
        .add(new JsonObject().put("day", "wednesday").put("start", "09:00").put("end", "10:00").put("mode", "video")
            .put("slotMinutes", 30)))
        .put("exceptions", new JsonArray().add(new JsonObject().put("date", "2030-03-06").put("blocks", new JsonArray())));
    f.put("/api/v1/clinicians/gp-1/schedule", f.patient("kari"), schedule).compose(r -> {
      problem(r, 403, "forbidden-role");
      return f.put("/api/v1/clinicians/nobody/schedule", admin, schedule);
    }).compose(r -> {
      problem(r, 404, "not-found");
      JsonObject overlapping = schedule.copy();
      overlapping.getJsonArray("weekly").add(new JsonObject().put("day", "wednesday").put("start", "09:30")
          .put("end", "11:00"));
      return f.put("/api/v1/clinicians/gp-1/schedule", admin, overlapping);
    }).compose(r -> {
      problem(r, 422, "schedule-overlap");
      return f.put("/api/v1/clinicians/gp-1/schedule", admin, new JsonObject().put("weekly", new JsonArray()
          .add(new JsonObject().put("day", "friday").put("start", "10:00").put("end", "09:00")))
          .put("exceptions", new JsonArray().add(new JsonObject().put("date", "2020-01-01"))));
    }).compose(r -> {
      problem(r, 422, "invalid-body");
      List<String> fields = json(r).getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field"))
          .toList();
      assertTrue(fields.containsAll(List.of("weekly[0].end", "exceptions[0].date")), fields.toString());
      return f.book(f.patient("kari"), "k", new JsonObject().put("slotId", "gp-1-1"));
    }).compose(r -> f.put("/api/v1/clinicians/gp-1/schedule", admin, schedule)).compose(r -> {
      assertEquals(200, r.statusCode(), r.bodyAsString());
      // Wednesdays 09:00-10:00 for 14 days from Monday 2030-03-04, except 2030-03-06: only 2030-03-13.
      assertEquals(2, json(r).getInteger("freeSlots"));
      return f.get("/api/v1/slots?specialty=general-practice&limit=100", f.patient("kari"));
    }).compose(r -> {
      assertEquals(List.of("gp-1-20300313T0900", "gp-1-20300313T0930"), ids(r));
      return f.get("/api/v1/clinicians/gp-1/schedule", admin);
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals("wednesday", json(r).getJsonArray("weekly").getJsonObject(0).getString("day"));
      ctx.completeNow();
    })));
  }

  @Test
  void theNetworkAndTheCallerAreDescribed(VertxTestContext ctx) {
    String card1 = f.tokens.specialist("card-1", "*");
    f.get("/api/v1/me", card1).compose(r -> {
      assertEquals("Anne Berg", json(r).getString("name"));
      assertEquals("specialist", json(r).getString("role"));
      assertEquals("H1", json(r).getString("hospital"));
      return f.get("/api/v1/hospitals", card1);
    }).compose(r -> {
      assertEquals("H1", json(r).getJsonArray("items").getJsonObject(0).getString("code"));
      assertEquals("east", json(r).getJsonArray("items").getJsonObject(0).getString("region"));
      return f.get("/api/v1/specialties", card1);
    }).compose(r -> {
      assertEquals("Hjertesykdommer", json(r).getJsonArray("items").getJsonObject(0).getString("nameNb"));
      return f.get("/api/v1/clinicians?specialty=cardiology&hospital=H2", card1);
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(List.of("card-2"), ids(r));
      ctx.completeNow();
    })));
  }

  @Test
  void aSpecialistRejectsAReferralAndSecondOpinionsAreVisibleOnlyToThoseConcerned(VertxTestContext ctx) {
    String gp = f.tokens.gp("gp-1", "*");
    String card2 = f.tokens.specialist("card-2", "*");
    f.post("/api/v1/referrals", gp, referral()).compose(r ->
        f.post("/api/v1/referrals/" + json(r).getString("id") + "/reject", card2,
            new JsonObject().put("note", "Primary care first")))
        .compose(r -> {
          assertEquals(200, r.statusCode(), r.bodyAsString());
          assertEquals("rejected", json(r).getString("status"));
          assertEquals("card-2", json(r).getString("assessedBy"));
          return f.post("/api/v1/second-opinions", gp, new JsonObject().put("specialty", "cardiology")
              .put("question", "Q").put("hospitals", new JsonArray().add("H1")));
        }).compose(r -> {
          String path = "/api/v1/second-opinions/" + json(r).getString("id");
          return f.get(path, gp).compose(own -> {
            assertEquals(200, own.statusCode());
            assertEquals(List.of("H1"), json(own).getJsonArray("hospitals").getList());
            return f.get(path, f.tokens.specialist("card-1", "*"));
          }).compose(eligible -> {
            assertEquals(200, eligible.statusCode());
            return f.get(path, card2);
          }).compose(otherHospital -> {
            problem(otherHospital, 404, "not-found");
            return f.get("/api/v1/second-opinions", card2);
          }).compose(list -> {
            assertEquals(List.of(), ids(list));
            return f.get(path, f.patient("kari"));
          });
        }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          problem(r, 404, "not-found");
          ctx.completeNow();
        })));
  }
}
