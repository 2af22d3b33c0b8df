package io.konsil.scheduler.audit;

import static io.konsil.scheduler.Responses.json;
import static io.konsil.scheduler.Responses.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.audit.AuditTrail;
import io.konsil.common.config.KonsilConfig;
import io.konsil.scheduler.Fixture;
import io.konsil.scheduler.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit trail through the API: every kind of REST access to a patient's data leaves an entry the patient can
 * read (and nobody else can), admins search and verify it, and a tampered trail is caught. Runs on the embedded
 * stores; {@code RedisAccessLogApiTest} runs it again on Redis.
 */
class AccessLogApiTest {
  protected Vertx vertx;
  protected Fixture f;

  protected Future<Stores> stores(Vertx vertx) {
    return Future.succeededFuture(Stores.inMemory());
  }

  /** The trail the scheduler writes to; null for one in memory. */
  protected Function<Clock, AuditTrail> audit() {
    return null;
  }

  /** Changes entry {@code seq} in the store as an intruder would. */
  protected void tamper(long seq) throws Exception {
    var memory = (io.konsil.common.audit.memory.MemoryAuditTrail) f.feature.audit();
    memory.stored().compute(seq, (k, v) -> v.replace("\"gp-1\"", "\"gp-x\""));
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    prepare();
    f = await(stores(vertx).compose(stores -> Fixture.start(vertx, c -> c.withBooking(new KonsilConfig.Booking(
        Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofMinutes(30), 14)), true, stores, Fixture.T0,
        audit())));
  }

  @AfterEach
  void stop() throws Exception {
    await(f.stop());
    afterStop();
    await(vertx.close());
  }

  protected void afterStop() throws Exception {}

  /** Before the fixture starts, on the test's thread (connections a test needs). */
  protected void prepare() throws Exception {}

  protected static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> book(String token, String key, JsonObject body) throws Exception {
    return await(f.book(token, key, body));
  }

  private JsonArray log(String token, String query) throws Exception {
    HttpResponse<Buffer> r = await(f.get("/api/v1/me/access-log" + query, token));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return json(r).getJsonArray("items");
  }

  private static List<String> actions(JsonArray items) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(((JsonObject) i).getString("action") + " by "
        + ((JsonObject) i).getJsonObject("actor").getString("id")));
    return out;
  }

  @Test
  void aGpWhoBooksForAPatientMayReadCancelAndJoinItAndEveryStepIsInThePatientsLog() throws Exception {
    String gp = f.token("gp-1", "gp", "H1");
    String kari = f.patient("kari");
    HttpResponse<Buffer> booked = book(gp, "g1", new JsonObject().put("slotId", "card-2-0").put("patientId", "kari"));
    assertEquals(201, booked.statusCode(), booked.bodyAsString());
    String id = json(booked).getString("id");
    assertEquals("gp-1", json(booked).getString("bookedBy"));
    assertEquals(200, await(f.get("/api/v1/appointments/" + id, gp)).statusCode());
    assertEquals(200, await(f.get("/api/v1/appointments/" + id, kari)).statusCode());
    f.clock.set(Fixture.T0.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(5)));
    HttpResponse<Buffer> join = await(f.post("/api/v1/appointments/" + id + "/join", gp, new JsonObject()));
    assertEquals(200, join.statusCode(), join.bodyAsString());
    HttpResponse<Buffer> cancel = await(f.post("/api/v1/appointments/" + id + "/cancel", gp, new JsonObject()));
    assertEquals(200, cancel.statusCode(), cancel.bodyAsString());
    assertEquals("cancelled", json(cancel).getString("status"));

    JsonArray items = log(kari, "");
    assertEquals(List.of("appointment.cancel by gp-1", "appointment.join-token by gp-1", "appointment.read by kari",
        "appointment.read by gp-1", "appointment.book by gp-1"), actions(items));
    JsonObject bookEntry = items.getJsonObject(4);
    assertEquals(new JsonObject().put("id", "gp-1").put("role", "gp").put("hospital", "H1"),
        bookEntry.getJsonObject("actor"));
    assertEquals("appointment:" + id, bookEntry.getString("basis"));
    assertEquals("self:" + id, items.getJsonObject(2).getString("basis"));
    assertTrue(bookEntry.containsKey("at"));
  }

  @Test
  void aGpsOwnListShowsWhatTheyBookedAtAnotherHospitalAndTheListingIsInThePatientsLog() throws Exception {
    String gp = f.token("gp-1", "gp", "H1");
    String id = json(book(gp, "g", new JsonObject().put("slotId", "card-2-0").put("patientId", "kari")))
        .getString("id");
    assertEquals(201, book(f.patient("ola"), "o", new JsonObject().put("slotId", "card-2-1")).statusCode());
    JsonArray mine = json(await(f.get("/api/v1/appointments", gp))).getJsonArray("items");
    assertEquals(1, mine.size(), mine.encode());
    assertEquals(id, mine.getJsonObject(0).getString("id"));
    assertEquals("gp-1", mine.getJsonObject(0).getString("bookedBy"));
    assertEquals("card-2", mine.getJsonObject(0).getString("clinicianId"));
    // The clinician it is with lists it too; a colleague of the booker (same hospital, no relation) does not.
    assertEquals(2, json(await(f.get("/api/v1/appointments", f.token("card-2", "specialist", "H2"))))
        .getJsonArray("items").size());
    assertEquals(0, json(await(f.get("/api/v1/appointments", f.token("card-1", "specialist", "H1"))))
        .getJsonArray("items").size());
    JsonArray kari = log(f.patient("kari"), "");
    assertEquals(List.of("appointment.list by card-2", "appointment.list by gp-1", "appointment.book by gp-1"),
        actions(kari));
    assertEquals("appointment:" + id, kari.getJsonObject(1).getString("basis"));
    // What the list offers, the booker may do: reschedule it and cancel it.
    HttpResponse<Buffer> moved = await(f.post("/api/v1/appointments/" + id + "/reschedule", gp,
        new JsonObject().put("slotId", "card-1-2")));
    assertEquals(200, moved.statusCode(), moved.bodyAsString());
    JsonArray after = json(await(f.get("/api/v1/appointments", gp))).getJsonArray("items");
    assertEquals(List.of("card-1"), List.of(after.getJsonObject(0).getString("clinicianId")));
    assertEquals(200, await(f.post("/api/v1/appointments/" + id + "/cancel", gp, new JsonObject())).statusCode());
  }

  /** One open agenda stream (Server-Sent Events), read as a browser's EventSource would: its presence events. */
  private record Stream(io.vertx.core.http.HttpClient http, java.util.concurrent.BlockingQueue<JsonObject> events) {
    JsonObject next() throws InterruptedException {
      JsonObject e = events.poll(10, TimeUnit.SECONDS);
      assertTrue(e != null, "no presence event within 10 s");
      return e;
    }
  }

  private Stream agendaStream(String token) throws Exception {
    io.vertx.core.http.HttpClient http = vertx.createHttpClient();
    java.util.concurrent.BlockingQueue<JsonObject> events = new java.util.concurrent.LinkedBlockingQueue<>();
    StringBuilder pending = new StringBuilder();
    io.vertx.core.http.HttpClientResponse response = await(http.request(new io.vertx.core.http.RequestOptions()
            .setAbsoluteURI(f.base + "/api/v1/agenda/events?access_token=" + token))
        .compose(io.vertx.core.http.HttpClientRequest::send).map(r -> {
          r.handler(buf -> {
            pending.append(buf.toString());
            int end;
            while ((end = pending.indexOf("\n\n")) >= 0) {
              String block = pending.substring(0, end);
              pending.delete(0, end + 2);
              if (block.contains("event: presence")) {
                events.add(new JsonObject(block.substring(block.indexOf("data: ") + 6)));
              }
            }
          });
          return r;
        }));
    assertEquals(200, response.statusCode());
    return new Stream(http, events);
  }

  private JsonArray audit(String query) throws Exception {
    HttpResponse<Buffer> r = await(f.get("/api/v1/audit?" + query, f.token("adm", "admin")));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return json(r).getJsonArray("items");
  }

  @Test
  void openingTheAgendaStreamIsLoggedWithThePatientsWhosePresenceItShows() throws Exception {
    String kariToken = f.patient("kari");
    JsonObject booked = json(book(kariToken, "k", new JsonObject().put("slotId", "card-1-0")));
    String card1 = f.token("card-1", "specialist", "H1");
    // The day before the appointment: nobody on today's agenda, the opening is one entry without a patient.
    Stream before = agendaStream(card1);
    JsonArray opened = audit("clinicianId=card-1");
    assertEquals(1, opened.size(), opened.encode());
    JsonObject entry = opened.getJsonObject(0);
    assertEquals("agenda.stream", entry.getString("action"));
    assertNull(entry.getValue("patientId"));
    assertEquals("rest", entry.getString("door"));
    assertEquals(List.of("appointment.book by kari"), actions(log(kariToken, "")));
    // Kari knocks early: the stream shows her presence, and her log shows that it did, once for the stream.
    f.presence.move(booked.getString("room"), "kari", io.konsil.common.presence.PresenceState.IN_LOBBY);
    assertEquals("in-lobby", before.next().getString("presence"));
    f.presence.move(booked.getString("room"), "kari", io.konsil.common.presence.PresenceState.IN_CALL);
    assertEquals("in-call", before.next().getString("presence"));
    JsonArray kari = log(kariToken, "");
    assertEquals(List.of("agenda.stream by card-1", "appointment.book by kari"), actions(kari));
    assertEquals("appointment:" + booked.getString("id"), kari.getJsonObject(0).getString("basis"));
    await(before.http().close());

    // On the appointment's day the opening itself names her.
    f.clock.set(Fixture.T0.plus(Duration.ofDays(1)));
    Stream onTheDay = agendaStream(card1);
    assertEquals(List.of("agenda.stream by card-1", "agenda.stream by card-1", "appointment.book by kari"),
        actions(log(kariToken, "")));
    await(onTheDay.http().close());
    // A clinician's token only: a patient opening the stream is refused and leaves no entry.
    problem(await(f.client.getAbs(f.base + "/api/v1/agenda/events?access_token=" + kariToken).send()), 403,
        "forbidden-role");
    assertEquals(List.of("appointment.book by kari"), actions(audit("clinicianId=kari")));
  }

  /**
   * A clinician whose token carries an HPR number (an identity provider vouched for it) is named by it in the trail,
   * and the room token of their join carries it on to signaling, which names them by it there too.
   */
  @Test
  void aClinicianWithAnHprNumberIsNamedByItAndTheirJoinTokenCarriesIt() throws Exception {
    JsonObject claims = f.tokens.claims("gp-1", "Ole Moen", "gp", true, "*");
    claims.getJsonObject("context").getJsonObject("user").put("hospital", "H1").put("hpr", "9000001");
    String gp = f.tokens.hs256(claims);
    String id = json(book(gp, "h", new JsonObject().put("slotId", "card-1-0").put("patientId", "kari")))
        .getString("id");
    f.clock.set(Fixture.T0.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(5)));
    HttpResponse<Buffer> join = await(f.post("/api/v1/appointments/" + id + "/join", gp, new JsonObject()));
    assertEquals(200, join.statusCode(), join.bodyAsString());
    String payload = json(join).getString("jwt").split("\\.")[1];
    JsonObject user = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(payload),
        java.nio.charset.StandardCharsets.UTF_8)).getJsonObject("context").getJsonObject("user");
    assertEquals("9000001", user.getString("hpr"));
    JsonArray entries = audit("clinicianId=gp-1");
    assertEquals(2, entries.size(), entries.encode());
    entries.forEach(e -> assertEquals("9000001", ((JsonObject) e).getJsonObject("actor").getString("hpr")));
    // A patient's token never carries one into the room.
    HttpResponse<Buffer> kariJoin = await(f.post("/api/v1/appointments/" + id + "/join", f.patient("kari"),
        new JsonObject()));
    String kariPayload = json(kariJoin).getString("jwt").split("\\.")[1];
    assertNull(new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(kariPayload),
        java.nio.charset.StandardCharsets.UTF_8)).getJsonObject("context").getJsonObject("user").getValue("hpr"));
  }

  @Test
  void anEmergencyReadByAnotherHospitalsClinicianIsLoggedWithItsReason() throws Exception {
    String id = json(book(f.token("gp-1", "gp", "H1"), "e",
        new JsonObject().put("slotId", "card-1-0").put("patientId", "kari"))).getString("id");
    String stranger = f.token("card-2", "specialist", "H2");
    problem(await(f.get("/api/v1/appointments/" + id, stranger)), 404, "not-found");
    HttpResponse<Buffer> glass = await(f.request(io.vertx.core.http.HttpMethod.GET, "/api/v1/appointments/" + id,
        stranger, null, io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Konsil-Emergency-Access", "acute-care")));
    assertEquals(200, glass.statusCode(), glass.bodyAsString());
    JsonObject entry = log(f.patient("kari"), "").getJsonObject(0);
    assertEquals("card-2", entry.getJsonObject("actor").getString("id"));
    assertEquals("emergency:" + id + ";reason=acute-care", entry.getString("basis"));
    problem(await(f.request(io.vertx.core.http.HttpMethod.GET, "/api/v1/appointments/" + id, f.patient("ola"), null,
        io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Konsil-Emergency-Access", "acute-care"))),
        403, "forbidden-role");
    HttpResponse<Buffer> prose = await(f.request(io.vertx.core.http.HttpMethod.GET, "/api/v1/appointments/" + id,
        stranger, null, io.vertx.core.MultiMap.caseInsensitiveMultiMap()
            .add("Konsil-Emergency-Access", "Patient collapsed in the waiting room")));
    assertEquals(400, prose.statusCode(), "a reason is a code, never clinical prose");
  }

  @Test
  void aPatientBooksOnlyForThemselvesAndInterpretersBookNothing() throws Exception {
    HttpResponse<Buffer> other = book(f.patient("kari"), "k1",
        new JsonObject().put("slotId", "card-1-0").put("patientId", "ola"));
    assertEquals(422, other.statusCode(), other.bodyAsString());
    problem(book(f.token("int-1", "interpreter"), "i1",
        new JsonObject().put("slotId", "card-1-0").put("patientId", "ola")), 403, "forbidden-role");
  }

  @Test
  void aPatientSeesOnlyTheirOwnLogAndNoClinicianOrAdminReadsItThere() throws Exception {
    String gp = f.token("gp-1", "gp", "H1");
    assertEquals(201, book(gp, "a", new JsonObject().put("slotId", "card-1-0").put("patientId", "kari")).statusCode());
    assertEquals(201, book(gp, "b", new JsonObject().put("slotId", "card-1-1").put("patientId", "ola")).statusCode());
    assertEquals(List.of("appointment.book by gp-1"), actions(log(f.patient("kari"), "")));
    assertEquals(List.of("appointment.book by gp-1"), actions(log(f.patient("ola"), "")));
    assertEquals(List.of(), actions(log(f.patient("aisha"), "")));
    problem(await(f.get("/api/v1/me/access-log", gp)), 403, "forbidden-role");
    problem(await(f.get("/api/v1/me/access-log", f.token("spec", "specialist"))), 403, "forbidden-role");
    problem(await(f.get("/api/v1/me/access-log", f.token("adm", "admin"))), 403, "forbidden-role");
    problem(await(f.get("/api/v1/audit", gp)), 403, "forbidden-role");
    problem(await(f.get("/api/v1/audit/verify", f.patient("kari"))), 403, "forbidden-role");
  }

  @Test
  void theLogPagesNewestFirstWithACursor() throws Exception {
    String gp = f.token("gp-1", "gp", "H1");
    String id = json(book(gp, "a", new JsonObject().put("slotId", "card-1-0").put("patientId", "kari")))
        .getString("id");
    for (int i = 0; i < 6; i++) {
      f.clock.advance(Duration.ofSeconds(1));
      assertEquals(200, await(f.get("/api/v1/appointments/" + id, gp)).statusCode());
    }
    String kari = f.patient("kari");
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      HttpResponse<Buffer> r = await(f.get("/api/v1/me/access-log?limit=3" + (cursor == null ? "" : "&cursor=" + cursor),
          kari));
      assertEquals(200, r.statusCode(), r.bodyAsString());
      JsonArray items = json(r).getJsonArray("items");
      assertTrue(items.size() <= 3);
      items.forEach(i -> seen.add(((JsonObject) i).getString("at") + " " + ((JsonObject) i).getString("action")));
      cursor = json(r).getString("next");
      pages++;
    } while (cursor != null && pages < 10);
    assertEquals(7, seen.size());
    assertTrue(seen.get(0).endsWith("appointment.read"));
    assertTrue(seen.get(6).endsWith("appointment.book"));
    List<String> sorted = new ArrayList<>(seen);
    sorted.sort(java.util.Comparator.reverseOrder());
    assertEquals(sorted, seen, "newest first");
    problem(await(f.get("/api/v1/me/access-log?cursor=abc", kari)), 400, "invalid-query");
  }

  @Test
  void referralsSecondOpinionsListsAndTheAgendaAreLoggedForEachPatientTheyShow() throws Exception {
    String gp = f.token("gp-1", "gp", "H1");
    String card = f.token("card-1", "specialist", "H1");
    HttpResponse<Buffer> ref = await(f.post("/api/v1/referrals", gp, new JsonObject().put("patientId", "kari")
        .put("specialty", "cardiology").put("priority", "normal").put("clinicalQuestion", "Chest pain on exertion")
        .put("deadline", "2030-06-01")));
    assertEquals(201, ref.statusCode(), ref.bodyAsString());
    String refId = json(ref).getString("id");
    assertEquals(200, await(f.get("/api/v1/referrals/" + refId, card)).statusCode());
    assertEquals(200, await(f.get("/api/v1/referrals", card)).statusCode());
    assertEquals(200, await(f.post("/api/v1/referrals/" + refId + "/assess", card, new JsonObject())).statusCode());
    assertEquals(201, book(card, "c", new JsonObject().put("slotId", "card-1-0").put("patientId", "ola")).statusCode());
    assertEquals(200, await(f.get("/api/v1/agenda?date=2030-03-05", card)).statusCode());
    assertEquals(List.of("referral.assess by card-1", "referral.list by card-1", "referral.read by card-1",
        "referral.create by gp-1"), actions(log(f.patient("kari"), "")));
    assertEquals(List.of("agenda.read by card-1", "appointment.book by card-1"), actions(log(f.patient("ola"), "")));
    JsonObject read = log(f.patient("kari"), "").getJsonObject(2);
    assertEquals("referral:" + refId, read.getString("basis"));
    // No clinical free text in the trail: the referral's question is nowhere in an entry.
    HttpResponse<Buffer> all = await(f.get("/api/v1/audit?limit=500", f.token("adm", "admin")));
    assertFalse(all.bodyAsString().contains("Chest pain"));
  }

  @Test
  void adminsSearchByPatientClinicianHospitalAndTimeAndVerifyTheChain() throws Exception {
    String gp = f.token("gp-1", "gp", "H1");
    String card2 = f.token("card-2", "specialist", "H2");
    String id = json(book(gp, "a", new JsonObject().put("slotId", "card-2-0").put("patientId", "kari")))
        .getString("id");
    f.clock.advance(Duration.ofHours(1));
    assertEquals(200, await(f.get("/api/v1/appointments/" + id, card2)).statusCode());
    f.clock.advance(Duration.ofHours(1));
    assertEquals(201, book(card2, "b", new JsonObject().put("slotId", "card-2-1").put("patientId", "ola")).statusCode());
    String admin = f.token("adm", "admin");
    assertEquals(3, json(await(f.get("/api/v1/audit", admin))).getJsonArray("items").size());
    // What the admin saw is in the trail: an access-log read of each patient the answer showed (kari and ola here).
    JsonArray byPatient = json(await(f.get("/api/v1/audit?patientId=kari", admin))).getJsonArray("items");
    assertEquals(List.of("access-log.read by adm", "appointment.read by card-2", "appointment.book by gp-1"),
        actions(byPatient));
    assertEquals("admin", byPatient.getJsonObject(0).getJsonObject("basis").getString("kind"));
    assertEquals(2, json(await(f.get("/api/v1/audit?clinicianId=card-2", admin))).getJsonArray("items").size());
    assertEquals(1, json(await(f.get("/api/v1/audit?hospital=H1", admin))).getJsonArray("items").size());
    String from = Fixture.T0.plus(Duration.ofMinutes(30)).toString();
    String to = Fixture.T0.plus(Duration.ofMinutes(90)).toString();
    JsonArray window = json(await(f.get("/api/v1/audit?from=" + from + "&to=" + to, admin))).getJsonArray("items");
    assertEquals(1, window.size());
    assertEquals("appointment.read", window.getJsonObject(0).getString("action"));
    // Searches by clinician, hospital or time are logged for every patient they showed, not only those by patient:
    // the search of everything (kari, ola), by patient (kari), by card-2 (kari, ola), by H1 (kari), by time (kari).
    JsonArray admins = json(await(f.get("/api/v1/audit?clinicianId=adm", admin))).getJsonArray("items");
    List<String> shown = new ArrayList<>();
    admins.forEach(e -> shown.add(((JsonObject) e).getString("action") + " " + ((JsonObject) e).getString("patientId")));
    Collections.sort(shown);
    assertEquals(List.of("access-log.read kari", "access-log.read kari", "access-log.read kari", "access-log.read kari",
        "access-log.read kari", "access-log.read ola", "access-log.read ola"), shown);
    JsonObject verified = json(await(f.get("/api/v1/audit/verify", admin)));
    assertTrue(verified.getBoolean("intact"), verified.encode());
    // Three accesses, the admin's seven, and the two of the admin's search of their own entries (kari, ola).
    assertEquals(12, verified.getLong("entries"));
    assertNull(verified.getValue("brokenAt"));

    tamper(1);
    JsonObject broken = json(await(f.get("/api/v1/audit/verify", admin)));
    assertFalse(broken.getBoolean("intact"));
    assertEquals(1L, broken.getLong("brokenAt"));
    assertEquals("content does not match its hash", broken.getString("reason"));
  }
}
