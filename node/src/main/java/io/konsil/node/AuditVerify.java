package io.konsil.node;

import io.konsil.common.audit.AuditEntry;
import io.konsil.common.audit.AuditQuery;
import io.konsil.common.audit.AuditTrail;
import io.konsil.common.audit.Verification;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar konsil-node.jar audit-verify --redis URI} (or {@code --redis-cluster …}): walks the network's audit
 * trail in Redis and names the first broken link; with {@code --anchor SEQ:HASH} (repeatable, heads the nodes logged,
 * see {@link AuditAnchor}) it also checks that the chain still passes through them, which a trail rewritten whole
 * does not. Exit 0 intact, 1 broken or rewritten, 2 bad flags, 3 Redis unreachable. An
 * embedded node's trail lives in its memory: ask that node ({@code GET /api/v1/audit/verify}, admins).
 */
public final class AuditVerify {
  public static final String COMMAND = "audit-verify";

  private AuditVerify() {}

  /** Runs the command with the flags after {@code audit-verify}; returns the exit code. */
  public static int run(String[] args, java.util.Map<String, String> env, PrintStream out, PrintStream err) {
    KonsilConfig config;
    List<Anchor> anchors = new ArrayList<>();
    try {
      config = Flags.parse(withoutAnchors(args, anchors), env);
    } catch (Flags.BadFlag e) {
      err.println("konsil-node audit-verify: " + e.getMessage());
      return 2;
    }
    if (config.redis() == null) {
      err.println("konsil-node audit-verify: give --redis URI or --redis-cluster SEEDS (an embedded node's trail is in "
          + "its memory: ask it with GET /api/v1/audit/verify as an admin)");
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      RedisGateway gateway = RedisGateway.connect(vertx, config.redis()).await();
      try {
        AuditTrail trail = AuditTrail.redis(gateway, Clock.systemUTC(), config.nodeId());
        Verification v = trail.verify().await();
        if (!v.intact()) {
          out.println("audit trail BROKEN at entry " + v.brokenAt() + ": " + v.reason() + " (" + v.entries()
              + " entries before it verified)");
          return 1;
        }
        for (Anchor a : anchors) {
          String found = hashAt(trail, a.seq());
          if (!a.hash().equals(found)) {
            out.println("audit trail REWRITTEN: entry " + a.seq() + " is " + (found == null ? "missing" : "not the one "
                + "the head " + a + " names (its hash is " + found + ")") + "; the chain of " + v.entries()
                + " entries is consistent in itself, so it was written again whole");
            return 1;
          }
        }
        out.println("audit trail intact: " + v.entries() + " entries verified"
            + (anchors.isEmpty() ? "" : ", through " + anchors.size() + " logged head" + (anchors.size() == 1 ? "" : "s")));
        return 0;
      } finally {
        gateway.close().await();
      }
    } catch (Exception e) {
      err.println("konsil-node audit-verify: " + e.getMessage());
      return 3;
    } finally {
      vertx.close().await();
    }
  }

  /** A head the node logged ({@code konsil.audit.anchor}): the chain must still pass through it. */
  record Anchor(long seq, String hash) {
    private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,18}):([0-9a-f]{64})");

    static Anchor parse(String text) {
      Matcher m = FORM.matcher(text);
      if (!m.matches()) {
        throw new Flags.BadFlag("--anchor takes SEQ:HASH as the node logged it (audit trail head …), got '" + text
            + "'");
      }
      return new Anchor(Long.parseLong(m.group(1)), m.group(2));
    }

    @Override
    public String toString() {
      return seq + ":" + hash;
    }
  }

  /** The command's own {@code --anchor SEQ:HASH} flags (repeatable) into {@code anchors}; the node's flags back. */
  private static String[] withoutAnchors(String[] args, List<Anchor> anchors) {
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--anchor")) {
        if (i + 1 >= args.length) {
          throw new Flags.BadFlag("--anchor needs a value (SEQ:HASH)");
        }
        anchors.add(Anchor.parse(args[++i]));
      } else if (args[i].startsWith("--anchor=")) {
        anchors.add(Anchor.parse(args[i].substring("--anchor=".length())));
      } else {
        rest.add(args[i]);
      }
    }
    return rest.toArray(String[]::new);
  }

  /** The hash of entry {@code seq}, or null when the trail has no such entry. */
  private static String hashAt(AuditTrail trail, long seq) {
    List<AuditEntry> items = trail.query(AuditQuery.all(seq + 1, 1)).await().items();
    return items.isEmpty() || items.get(0).seq() != seq ? null : items.get(0).hash();
  }

  static String[] rest(String[] args) {
    return Arrays.copyOfRange(args, 1, args.length);
  }
}
