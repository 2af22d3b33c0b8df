package io.konsil.common.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The chain across the change that added {@code door} and {@code detail}: entries written before it still verify. */
class HashChainTest {
  /**
   * An entry as nodes stored it before doors were recorded; its hash was computed outside Java (Python's hashlib over
   * the canonical JSON without door and detail), so this checks the old bytes, not this code against itself.
   */
  static final String LEGACY = "{\"seq\":1,\"at\":1767254400000,\"node\":\"node-old\",\"actor\":{\"id\":\"gp-hansen\","
      + "\"role\":\"gp\",\"hospital\":\"SLK\",\"hpr\":\"9000001\"},\"patient\":\"patient-kari\",\"action\":"
      + "\"appointment.read\",\"basis\":{\"kind\":\"appointment\",\"ref\":\"a-1\",\"reason\":null},\"prev\":"
      + "\"0000000000000000000000000000000000000000000000000000000000000000\",\"hash\":"
      + "\"ee79b9bd48f9904ff231530c64799ca5ebbd2092356ef55b2a8f1b3478dbc753\"}";
  static final String LEGACY_HASH = "ee79b9bd48f9904ff231530c64799ca5ebbd2092356ef55b2a8f1b3478dbc753";

  @Test
  void anEntryWrittenBeforeDoorsVerifiesAndNewEntriesChainOnIt() {
    AuditEntry old = HashChain.decode(LEGACY);
    assertNull(old.door());
    assertNull(old.detail());
    assertEquals(LEGACY_HASH, HashChain.hash(old));
    AuditEntry next = HashChain.seal(2, Instant.parse("2026-01-01T08:01:00Z"), "node-new",
        new AuditEvent(new Actor("spec-lie", "specialist", "OUS", null), "patient-kari", AuditAction.APPOINTMENT_LIST,
            Basis.of(Basis.Kind.APPOINTMENT, "a-1"), Door.FHIR), LEGACY_HASH);
    HashChain.Walk walk = new HashChain.Walk();
    assertTrue(walk.next(1, LEGACY));
    assertTrue(walk.next(2, HashChain.encode(next)));
    assertEquals(Verification.intact(2), walk.end(2, next.hash(), 2));
    assertEquals(Door.FHIR, HashChain.decode(HashChain.encode(next)).door());
  }

  @Test
  void aDoorAddedToALegacyEntryAfterwardsIsAnEdit() {
    HashChain.Walk walk = new HashChain.Walk();
    assertFalse(walk.next(1, LEGACY.replace(",\"prev\"", ",\"door\":\"rest\",\"prev\"")));
    assertEquals("content does not match its hash", walk.end(1, LEGACY_HASH, 1).reason());
  }
}
