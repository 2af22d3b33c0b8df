package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.konsil.common.audit.AuditEntry;
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
