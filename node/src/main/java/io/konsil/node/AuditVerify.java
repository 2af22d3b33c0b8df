package io.konsil.node;

import io.konsil.common.audit.AuditTrail;
import io.konsil.common.audit.Verification;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;

/**
 * {@code java -jar konsil-node.jar audit-verify --redis URI} (or {@code --redis-cluster …}): walks the network's audit
 * trail in Redis and names the first broken link. Exit 0 intact, 1 broken, 2 bad flags, 3 Redis unreachable. An
 * embedded node's trail lives in its memory: ask that node ({@code GET /api/v1/audit/verify}, admins).
 */
public final class AuditVerify {
  public static final String COMMAND = "audit-verify";

  private AuditVerify() {}

  /** Runs the command with the flags after {@code audit-verify}; returns the exit code. */
  public static int run(String[] args, java.util.Map<String, String> env, PrintStream out, PrintStream err) {
    KonsilConfig config;
    try {
      config = Flags.parse(args, env);
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
        Verification v = AuditTrail.redis(gateway, Clock.systemUTC(), config.nodeId()).verify().await();
        if (v.intact()) {
          out.println("audit trail intact: " + v.entries() + " entries verified");
          return 0;
        }
        out.println("audit trail BROKEN at entry " + v.brokenAt() + ": " + v.reason() + " (" + v.entries()
            + " entries before it verified)");
        return 1;
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

  static String[] rest(String[] args) {
    return Arrays.copyOfRange(args, 1, args.length);
  }
}
