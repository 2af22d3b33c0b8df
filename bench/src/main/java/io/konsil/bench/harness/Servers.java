package io.konsil.bench.harness;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.token.Role;
import io.konsil.common.token.TokenIssuer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The servers under test. Konsil is the real node launcher in its own JVM (the shaded {@code node/target/konsil-node.jar}
 * when it exists, else {@code io.konsil.node.Main} on the benchmark classpath — same code; {@code -Dbench.node=classpath}
 * forces the latter); the baseline is {@link io.konsil.bench.baseline.BaselineServer} with the same JVM flags.
 */
public final class Servers {
  public static final String APP_ID = "konsil-bench";
  /** One random secret per benchmark run, handed to the node by flag; the load generator mints tokens with it. */
  public static final String SECRET = randomSecret();

  private Servers() {}

  public static ServerProcess baseline(String label) {
    int port = ServerProcess.freePort();
    List<String> cmd = new ArrayList<>(ServerProcess.javaCommand(
        "io.konsil.bench.baseline.BaselineServer", List.of(Integer.toString(port), "1")));
    // Same log level as the node's own logback.xml (INFO, Netty at WARN): no per-connection debug lines.
    cmd.add(1, "-Dlogback.configurationFile=logback-bench.xml");
    return ServerProcess.start(label, cmd, port);
  }

  /**
   * The node with rate limits raised out of the way (the limiter still runs on every frame, so its cost is measured)
   * and a long idle timeout so idle sockets stay for the measurement; {@code extraFlags} as documented by the node.
   */
  public static ServerProcess konsil(String label, boolean deflate, List<String> extraFlags) {
    int port = ServerProcess.freePort();
    List<String> flags = new ArrayList<>(List.of(
        "--port", Integer.toString(port),
        "--host", "127.0.0.1",
        "--node-id", "bench",
        "--jwt-app-id", APP_ID,
        "--jwt-secret", SECRET,
        "--rate", "100000",
        "--burst", "1000000",
        "--idle-timeout", "600s",
        // One load generator is one address and few users: the per-user and per-address limits would throttle it.
        "--rate-limits", "off"));
    if (deflate) {
      flags.add("--ws-deflate");
    }
    flags.addAll(extraFlags);
    Path jar = ServerProcess.nodeJar().toPath();
    boolean useJar = Files.isRegularFile(jar) && !"classpath".equals(System.getProperty("bench.node"));
    List<String> cmd = useJar
        ? ServerProcess.jarCommand(jar, flags)
        : ServerProcess.javaCommand("io.konsil.node.Main", flags);
    return ServerProcess.start(label, cmd, port);
  }

  /** Diagnostic: {@link SignalingOnlyServer}, the signaling feature without the rest of the node. */
  public static ServerProcess signalingOnly(String label, boolean deflate) {
    int port = ServerProcess.freePort();
    List<String> cmd = new ArrayList<>(ServerProcess.javaCommand("io.konsil.bench.harness.SignalingOnlyServer",
        List.of(Integer.toString(port), APP_ID, SECRET, Boolean.toString(deflate))));
    cmd.add(1, "-Dlogback.configurationFile=logback-bench.xml");
    return ServerProcess.start(label, cmd, port);
  }

  /** A server under test by name: baseline, konsil[-deflate], signaling[-deflate]. */
  public static ServerProcess byName(String target, String label) {
    boolean deflate = target.endsWith("-deflate");
    if (target.equals("baseline")) {
      return baseline(label);
    }
    if (target.startsWith("konsil")) {
      return konsil(label, deflate, List.of());
    }
    if (target.startsWith("signaling")) {
      return signalingOnly(label, deflate);
    }
    throw new IllegalArgumentException("unknown target " + target + " (baseline, konsil[-deflate], signaling[-deflate])");
  }

  public static String describe(String target) {
    if (target.startsWith("konsil")) {
      return nodeLaunch();
    }
    return target.startsWith("signaling") ? "SignalingFeature alone, bench classpath" : "bare Vert.x forwarder";
  }

  public static boolean authenticated(String target) {
    return !target.equals("baseline");
  }

  public static String nodeLaunch() {
    Path jar = ServerProcess.nodeJar().toPath();
    boolean useJar = Files.isRegularFile(jar) && !"classpath".equals(System.getProperty("bench.node"));
    return useJar ? "java -jar " + jar : "java -cp <bench classpath> io.konsil.node.Main";
  }

  public static TokenIssuer issuer() {
    return new TokenIssuer(new KonsilConfig.Jwt(APP_ID, SECRET, false, List.of(), List.of(), List.of(),
        Duration.ofSeconds(30)));
  }

  /** A moderator (GP) token for {@code room}, so the holder enters at once without a lobby. */
  public static String moderatorToken(TokenIssuer issuer, String userId, String room) {
    return issuer.issue(new TokenIssuer.Claims(userId, "Bench " + userId, null, Role.GP, true, null), room,
        Duration.ofHours(1));
  }

  private static String randomSecret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
