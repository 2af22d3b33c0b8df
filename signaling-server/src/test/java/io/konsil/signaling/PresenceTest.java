package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.presence.PresenceState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The Presence port the scheduler reads: in-lobby, in-call, reconnecting, left, per room and user id. */
class PresenceTest extends SignalingTestBase {

  @Test
  void presenceFollowsAPatientFromLobbyToCallToReconnectingToLeft() {
    String room = room();
    List<String> changes = new CopyOnWriteArrayList<>();
    feature.presence().onChange((r, user, state) -> {
      if (r.equals(room)) {
        changes.add(user + ":" + state.wire());
      }
    });
    Joined gp = gp(room);
    Joined patient = waitingPatient(room);
    assertEquals(PresenceState.IN_LOBBY, await(feature.presence().inRoom(room)).get(patient.userId()));
    assertEquals(PresenceState.IN_CALL, await(feature.presence().inRoom(room.toUpperCase())).get(gp.userId()));
    assertEquals(1.0, registry.find("konsil.participants").tag("state", "in-lobby").gauge().value());

    gp.next("knocking");
    gp.send(frame("admit").put("participantId", patient.participantId()));
    patient.next("welcome");
    assertEquals(PresenceState.IN_CALL, await(feature.presence().inRoom(room)).get(patient.userId()));
    assertEquals(2.0, registry.find("konsil.participants").tag("state", "in-call").gauge().value());

    await(patient.socket().close((short) 4001, "drop"));
    gp.next("participant-updated");
    assertEquals(PresenceState.RECONNECTING, await(feature.presence().inRoom(room)).get(patient.userId()));
    assertEquals(1.0, registry.find("konsil.participants").tag("state", "reconnecting").gauge().value());

    await(gp.socket().next("participant-left", Duration.ofSeconds(4)));
    assertEquals(PresenceState.LEFT, await(feature.presence().inRoom(room)).get(patient.userId()));
    assertEquals(List.of(patient.userId() + ":in-lobby", patient.userId() + ":in-call",
            patient.userId() + ":reconnecting", patient.userId() + ":left"),
        changes.stream().filter(c -> c.startsWith(patient.userId())).toList());
    assertTrue(changes.contains(gp.userId() + ":in-call"));
    assertEquals(1.0, registry.find("konsil.rooms").gauge().value());
    assertEquals(0.0, registry.find("konsil.participants").tag("state", "reconnecting").gauge().value());
  }

  @Test
  void usersNeverSeenAreAbsent() {
    assertTrue(await(feature.presence().inRoom("never-used")).isEmpty());
  }
}
