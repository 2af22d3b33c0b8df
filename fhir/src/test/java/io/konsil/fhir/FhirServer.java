package io.konsil.fhir;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.presence.Presence;
import io.konsil.common.testing.TestServer;
import io.konsil.common.testing.TestTokens;
import io.konsil.common.token.Role;
import io.konsil.common.token.TokenIssuer;
import io.konsil.common.token.TokenVerifier;
import io.konsil.scheduler.SchedulerFeature;
import io.konsil.scheduler.Stores;
import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.booking.SlotMode;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.Hospital;
import io.konsil.scheduler.network.Specialty;
import io.konsil.scheduler.referral.Priority;
import io.konsil.scheduler.referral.Referral;
import io.konsil.scheduler.referral.ReferralStatus;
import io.konsil.scheduler.secondopinion.SecondOpinion;
import io.konsil.scheduler.secondopinion.SecondOpinionStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A scheduler and the FHIR facade on a real HTTP server on a free port, over in-memory stores with a small known
 * network: hospitals H1 (organisation number 123456785, made up) and H2 (none); cardiologists card-1 (H1, HPR 1001) and card-2 (H2, HPR 1002), GP gp-1 (H1, HPR 1003).
 * Each clinician has {@link #SLOTS} free 30-minute slots {@code <id>-<n>}, one an hour from tomorrow 06:00Z (video,
 * except card-2's last: in person). Referral r-1 (gp-1 for patient-kari to cardiology, assessed) and r-2 (rejected),
 * second opinion so-1 (gp-1 asks cardiology, open, no patient).
 */
public final class FhirServer {
  public static final int SLOTS = 8;
  public static final List<Clinician> CLINICIANS = List.of(
      new Clinician("card-1", "Anne Berg", Role.SPECIALIST, "1001", "H1", List.of("cardiology"), List.of("nb", "en")),
      new Clinician("card-2", "Erik Lie", Role.SPECIALIST, "1002", "H2", List.of("cardiology"), List.of("nb")),
      new Clinician("gp-1", "Ole Moen", Role.GP, "1003", "H1", List.of("general-practice"), List.of("nb")));
  public final TestTokens tokens = new TestTokens();
  public final Stores stores = Stores.inMemory();
  public final Instant day1 = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)).plus(Duration.ofHours(6));
  public SchedulerFeature scheduler;
  public TestServer server;

  public static FhirServer start(Vertx vertx) throws Exception {
    return start(vertx, null);
  }

  /** With the audit trail {@code audit} (null: one in memory), as the node wires it for a network. */
  public static FhirServer start(Vertx vertx, io.konsil.common.audit.AuditTrail audit) throws Exception {
    FhirServer f = new FhirServer();
    KonsilConfig config = KonsilConfig.defaults(0, TestTokens.APP_ID, TestTokens.SECRET);
    TokenVerifier verifier = TokenVerifier.create(vertx, config.jwt());
    f.scheduler = audit == null
        ? SchedulerFeature.create(vertx, config, verifier, new TokenIssuer(config.jwt()), Presence.none(),
            new SimpleMeterRegistry(), Clock.systemUTC(), f.stores)
        : SchedulerFeature.create(vertx, config, verifier, new TokenIssuer(config.jwt()), Presence.none(),
            new SimpleMeterRegistry(), Clock.systemUTC(), f.stores, audit);
    FhirFeature fhir = FhirFeature.create(vertx, verifier, f.scheduler, "https://konsil.example");
    f.server = f.seed().compose(v -> TestServer.start(vertx, f.scheduler, fhir))
        .toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    return f;
  }

  private Future<Void> seed() {
    var network = stores.network();
    List<Future<?>> writes = new ArrayList<>();
    writes.add(network.putHospital(new Hospital("H1", "Hospital One", "east", "Trust One HF", "123456785")));
    writes.add(network.putHospital(new Hospital("H2", "Hospital Two", "west", "Trust Two HF")));
    writes.add(network.putSpecialty(new Specialty("cardiology", "Cardiology", "Hjertesykdommer")));
    writes.add(network.putSpecialty(new Specialty("general-practice", "General practice", "Allmennmedisin")));
    List<Slot> slots = new ArrayList<>();
    for (Clinician c : CLINICIANS) {
      writes.add(network.putClinician(c));
      for (int n = 0; n < SLOTS; n++) {
        Instant start = day1.plus(Duration.ofHours(n)).plus(Duration.ofMinutes(CLINICIANS.indexOf(c) * 5L));
        SlotMode mode = c.id().equals("card-2") && n == SLOTS - 1 ? SlotMode.IN_PERSON : SlotMode.VIDEO;
        slots.add(Slot.free(c.id() + "-" + n, c.id(), c.hospital(), c.hospital().equals("H1") ? "east" : "west",
            c.primarySpecialty(), mode, c.languages(), start, start.plus(Duration.ofMinutes(30))));
      }
    }
    writes.add(stores.booking().addSlots(slots));
    Instant now = Instant.now();
    writes.add(stores.referrals().put(new Referral("r-1", "patient-kari", "Kari Nordmann", "gp-1", "Ole Moen",
        "cardiology", Priority.URGENT, "Chest pain on exertion", LocalDate.now().plusDays(30), false, "H1",
        ReferralStatus.ASSESSED, now.minusSeconds(60), "card-1", null, null)));
    writes.add(stores.referrals().put(new Referral("r-2", "patient-ola", "Ola Nordmann", "gp-1", "Ole Moen",
        "cardiology", Priority.NORMAL, "Palpitations", null, false, null, ReferralStatus.REJECTED,
        now.minusSeconds(120), "card-2", "Not indicated", null)));
    writes.add(stores.secondOpinions().put(new SecondOpinion("so-1", "gp-1", "Ole Moen", "H1", "cardiology",
        "ECG reading", null, List.of("H2"), SecondOpinionStatus.OPEN, now.minusSeconds(30), null, null, null, null,
        null, null)));
    return Future.all(writes).mapEmpty();
  }

  public String base() {
    return server.http() + "/fhir";
  }

  public String patient(String id) {
    return tokens.patient(id, "*");
  }

  public String token(String id, String role, String hospital) {
    JsonObject claims = tokens.claims(id, "User " + id, role, false, "*");
    if (hospital != null) {
      claims.getJsonObject("context").getJsonObject("user").put("hospital", hospital);
    }
    return tokens.hs256(claims);
  }
}
