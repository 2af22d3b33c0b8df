package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.konsil.common.presence.PresenceState;
import io.konsil.common.testing.ScriptedSocket;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShutdownTest extends SignalingTestBase {

  @Test
  void gracefulShutdownTellsEveryClientClosesWith1001AndRefusesNewcomers() {
    String room = room();
    Joined gp = gp(room);
    Joined patient = admittedPatient(room, gp);
    Joined waiting = waitingPatient(room);
    await(feature.shutdown());
    for (Joined j : new Joined[] {gp, patient, waiting}) {
      JsonObject ended = j.next("ended");
      assertEquals("node-shutdown", ended.getString("reason"));
      assertEquals((short) 1001, await(j.socket().closed()));
    }
    ScriptedSocket.Refusal refusal = await(ScriptedSocket.refused(vertx, url(room, tokens.gp("late", room))));
    assertEquals(503, refusal.status());
    assertEquals("shutting-down", refusal.code());
    Map<String, PresenceState> presence = await(feature.presence().inRoom(room));
    assertEquals(PresenceState.LEFT, presence.get(gp.userId()));
    assertEquals(PresenceState.LEFT, presence.get(waiting.userId()));
    assertEquals(0.0, registry.find("konsil.participants").tag("state", "in-call").gauge().value());
  }
}
