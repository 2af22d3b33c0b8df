package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.konsil.common.audit.Actor;
import io.konsil.common.audit.AuditEntry;
import io.konsil.common.audit.Door;
import io.konsil.common.testing.ScriptedSocket;
import java.util.UUID;
import io.konsil.common.audit.AuditQuery;
import java.util.List;
import java.util.function.Predicate;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Consultation events reach the audit trail once each, by the node that committed them, with the patient whose
 * consultation it is: join, admit, deny, kick, leave, end, lobby turned off. Runs with rooms (and the trail) in memory
 * and, in the second surefire execution, in Redis.
 */
class ConsultationAuditTest extends SignalingTestBase {

  /** The patient's entries as "action by actor", newest first, once {@code until} holds (writes are asynchronous). */
  private List<String> trail(String patient, Predicate<List<String>> until) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    List<String> seen;
    do {
      seen = await(feature.audit().query(AuditQuery.ofPatient(patient, null, 100))).items().stream()
          .map(ConsultationAuditTest::line).toList();
      if (until.test(seen)) {
        break;
      }
      pause(20);
    } while (System.nanoTime() < deadline);
    return seen;
  }

  private static String line(AuditEntry e) {
    return e.action().wire() + " by " + e.actor().role();
  }

  @Test
  void joinAdmitAndLeaveOfAPatientAreEachWrittenOnceWithTheRoomAsBasis() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    patient.send(frame("leave"));
    List<String> expected = List.of("consultation.leave by patient", "consultation.admit by gp",
        "consultation.join by patient");
    assertEquals(expected, trail(patient.userId(), s -> s.size() >= 3));
    pause(200);
    assertEquals(expected, trail(patient.userId(), s -> false), "each event once");
    AuditEntry admit = await(feature.audit().query(AuditQuery.ofPatient(patient.userId(), null, 10))).items().get(1);
    assertEquals(gp.userId(), admit.actor().id());
    assertEquals("consultation:" + room, admit.basis().wire());
  }

  @Test
  void aDeniedPatientLeavesADenyEntry() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = waitingPatient(room);
    gp.next("knocking");
    gp.send(new JsonObject().put("type", "deny").put("participantId", patient.participantId()));
    assertEquals(List.of("consultation.deny by gp", "consultation.join by patient"),
        trail(patient.userId(), s -> s.size() >= 2));
  }

  @Test
  void aKickAndTheEndOfTheCallAreWrittenForThePatientsInTheRoom() {
    String room = room();
    Joined gp = gp(room);
    Joined kicked = admittedPatient(room, gp);
    Joined stays = admittedPatient(room, gp);
    gp.send(new JsonObject().put("type", "kick").put("participantId", kicked.participantId()));
    assertEquals("consultation.kick by gp", trail(kicked.userId(), s -> s.size() >= 3).get(0));
    gp.send(frame("end"));
    stays.next("ended");
    assertEquals("consultation.end by gp", trail(stays.userId(), s -> s.contains("consultation.end by gp")).get(0));
    assertEquals(1, trail(stays.userId(), s -> false).stream().filter("consultation.end by gp"::equals).count());
  }

  /**
   * Every actor is named as fully as the joiner: id, role, hospital and the HPR number their room token carries
   * (Konsil's join tokens copy it from the identity provider's token), whether they join, admit, deny, kick, turn the
   * lobby off or end — and every entry names the signaling door.
   */
  @Test
  void everyModeratorActionNamesTheActorsHprRoleAndHospital() {
    String room = room();
    String gpId = "gp-" + UUID.randomUUID().toString().substring(0, 6);
    JsonObject claims = tokens.claims(gpId, "Dr. Hpr", "gp", true, room);
    claims.getJsonObject("context").getJsonObject("user").put("hospital", "SLK").put("hpr", "9000001");
    ScriptedSocket socket = connect(room, tokens.hs256(claims));
    Joined gp = new Joined(socket, await(socket.next("welcome")), gpId);
    Joined admitted = admittedPatient(room, gp);
    Joined denied = waitingPatient(room);
    gp.next("knocking");
    gp.send(new JsonObject().put("type", "deny").put("participantId", denied.participantId()));
    gp.send(new JsonObject().put("type", "kick").put("participantId", admitted.participantId()));
    Joined waiting = waitingPatient(room);
    gp.next("knocking");
    gp.send(new JsonObject().put("type", "lobby-toggle").put("enabled", false));
    waiting.next("welcome");
    gp.send(frame("end"));
    waiting.next("ended");
    trail(waiting.userId(), s -> s.contains("consultation.end by gp"));
    List<AuditEntry> byGp = await(feature.audit().query(new AuditQuery(null, gpId, null, null, null, null, 100)))
        .items();
    assertEquals(List.of("consultation.end", "consultation.lobby-off", "consultation.kick", "consultation.deny",
        "consultation.admit", "consultation.join"), byGp.stream().map(e -> e.action().wire()).distinct().toList());
    for (AuditEntry e : byGp) {
      assertEquals(new Actor(gpId, "gp", "SLK", "9000001"), e.actor(), e.action().wire());
      assertEquals(Door.SIGNALING, e.door(), e.action().wire());
    }
    AuditEntry patientsJoin = await(feature.audit().query(AuditQuery.ofPatient(waiting.userId(), null, 10))).items()
        .get(2);
    assertEquals("consultation.join", patientsJoin.action().wire());
    assertEquals(new Actor(waiting.userId(), "patient", null, null), patientsJoin.actor());
  }

  /** A consent's wording version reaches the trail only as a code: a client cannot write prose into it. */
  @Test
  void aConsentIsWrittenWithItsWordingVersionAndNeverWithText() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    patient.send(frame("consent").put("id", "c1").put("recording", true).put("version", "konsil-recording-v2"));
    patient.next("ack");
    patient.send(frame("consent").put("id", "c2").put("recording", false));
    patient.next("ack");
    patient.send(frame("consent").put("id", "c3").put("recording", true).put("version", "Kari says yes, knee pain"));
    patient.next("ack");
    trail(patient.userId(), s -> s.size() >= 5);
    List<String> details = await(feature.audit().query(AuditQuery.ofPatient(patient.userId(), null, 10))).items()
        .stream().filter(e -> e.action().wire().startsWith("recording."))
        .map(e -> e.action().wire() + " " + e.detail() + " via " + e.door().wire()).toList();
    assertEquals(List.of("recording.consent unrecognised via signaling", "recording.withdraw konsil-recording-v2 via "
        + "signaling", "recording.consent konsil-recording-v2 via signaling"), details);
  }

  @Test
  void turningTheLobbyOffIsWrittenForThoseWaiting() {
    String room = room();
    Joined gp = gp(room);
    Joined waiting = waitingPatient(room);
    gp.send(new JsonObject().put("type", "lobby-toggle").put("enabled", false));
    waiting.next("welcome");
    assertEquals(List.of("consultation.lobby-off by gp", "consultation.join by patient"),
        trail(waiting.userId(), s -> s.size() >= 2));
  }
}
