package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SmokeTest extends SignalingTestBase {
  @Test
  void clinicianAdmitsPatient() {
    String room = room();
    Joined gp = gp(room);
    Joined pat = admittedPatient(room, gp);
    assertEquals(1, pat.first().getJsonArray("participants").size());
  }
}
