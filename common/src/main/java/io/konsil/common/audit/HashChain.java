package io.konsil.common.audit;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The tamper evidence of the trail: every entry's hash is SHA-256 over its canonical form, which includes the hash of
 * the entry before it. Changing, removing or reordering an entry breaks the link of the first entry concerned; the
 * canonical form is rebuilt from the parsed fields (not from the stored text), so any edit of a stored field shows.
 * Both stores keep entries in the stored form below and verify with the same {@link Walk}.
 */
public final class HashChain {
  /** The {@code prev} of the first entry. */
  public static final String GENESIS = "0".repeat(64);

  private HashChain() {}

  /** The entry for {@code event} at {@code seq} after {@code prev}, with its hash. */
  public static AuditEntry seal(long seq, Instant at, String node, AuditEvent event, String prev) {
    AuditEntry unsealed = new AuditEntry(seq, at, node, event.actor(), event.patientId(), event.action(),
        event.basis(), event.door(), event.detail(), prev, null);
    return new AuditEntry(seq, at, node, event.actor(), event.patientId(), event.action(), event.basis(),
        event.door(), event.detail(), prev, hash(unsealed));
  }

  /** The stored form: the canonical form plus {@code hash}. */
  public static String encode(AuditEntry e) {
    return canonical(e).put("hash", e.hash()).encode();
  }

  public static AuditEntry decode(String stored) {
    JsonObject j = new JsonObject(stored);
    JsonObject a = j.getJsonObject("actor");
    JsonObject b = j.getJsonObject("basis");
    return new AuditEntry(j.getLong("seq"), Instant.ofEpochMilli(j.getLong("at")), j.getString("node"),
        new Actor(a.getString("id"), a.getString("role"), a.getString("hospital"), a.getString("hpr")),
        j.getString("patient"), AuditAction.fromWire(j.getString("action")),
        new Basis(Basis.Kind.fromWire(b.getString("kind")), b.getString("ref"), b.getString("reason")),
        Door.fromWire(j.getString("door")), j.getString("detail"), j.getString("prev"), j.getString("hash"));
  }

  public static String hash(AuditEntry e) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(canonical(e).encode().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException x) {
      throw new IllegalStateException(x);
    }
  }

  /**
   * Fields in a fixed order (Vert.x keeps insertion order), nulls included: the same bytes on every node. {@code door}
   * and {@code detail} came later: they follow {@code basis} only when present, so an entry written before them
   * (which has neither) still hashes to what it was sealed with and old chains keep verifying.
   */
  private static JsonObject canonical(AuditEntry e) {
    JsonObject c = new JsonObject()
        .put("seq", e.seq())
        .put("at", e.at().toEpochMilli())
        .put("node", e.node())
        .put("actor", new JsonObject().put("id", e.actor().id()).put("role", e.actor().role())
            .put("hospital", e.actor().hospital()).put("hpr", e.actor().hpr()))
        .put("patient", e.patientId())
        .put("action", e.action().wire())
        .put("basis", new JsonObject().put("kind", e.basis().kind().wire()).put("ref", e.basis().ref())
            .put("reason", e.basis().reason()));
    if (e.door() != null) {
      c.put("door", e.door().wire());
    }
    if (e.detail() != null) {
      c.put("detail", e.detail());
    }
    return c.put("prev", e.prev());
  }

  /** Verification over the stored entries in seq order, fed one at a time (null for a seq that is missing). */
  public static final class Walk {
    private long expected = 1;
    private String prev = GENESIS;
    private Verification broken;

    /** Checks the stored entry at {@code seq}; false once the chain is broken (later entries need no look). */
    public boolean next(long seq, String stored) {
      if (broken != null) {
        return false;
      }
      if (stored == null) {
        broken = Verification.broken(seq - 1, seq, "entry missing");
        return false;
      }
      AuditEntry e;
      try {
        e = decode(stored);
      } catch (RuntimeException x) {
        broken = Verification.broken(seq - 1, seq, "entry unreadable");
        return false;
      }
      if (e.seq() != seq || seq != expected) {
        broken = Verification.broken(seq - 1, seq, "entry out of place");
      } else if (!prev.equals(e.prev())) {
        broken = Verification.broken(seq - 1, seq, "does not link to the entry before it");
      } else if (!hash(e).equals(e.hash())) {
        broken = Verification.broken(seq - 1, seq, "content does not match its hash");
      } else {
        prev = e.hash();
        expected++;
        return true;
      }
      return false;
    }

    /** After the last entry: {@code head} is the seq and hash the store says the chain ends with. */
    public Verification end(long headSeq, String headHash, long storedCount) {
      if (broken != null) {
        return broken;
      }
      long checked = expected - 1;
      if (checked != headSeq || !prev.equals(headHash == null ? GENESIS : headHash)) {
        return Verification.broken(checked, checked + 1, "the chain's head does not match its last entry");
      }
      if (storedCount != headSeq) {
        return Verification.broken(checked, headSeq + 1, "entries stored beyond the chain's head");
      }
      return Verification.intact(checked);
    }
  }
}
