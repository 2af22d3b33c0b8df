package io.konsil.node;

import io.konsil.common.config.KonsilConfig;
import io.konsil.node.logging.LogFormats;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar konsil-node.jar [flags]}: parse flags, start the node, print links, stop gracefully on SIGTERM.
 * {@code java -jar konsil-node.jar audit-verify --redis URI}: verify the network's audit trail ({@link AuditVerify}).
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && AuditVerify.COMMAND.equals(args[0])) {
      System.exit(AuditVerify.run(AuditVerify.rest(args), System.getenv(), System.out, System.err));
      return;
    }
    if (Flags.wantsHelp(args)) {
      System.out.print(Flags.usage());
      return;
    }
    KonsilConfig config;
    try {
      config = Flags.parse(args, System.getenv());
    } catch (Flags.BadFlag e) {
      System.err.println("konsil-node: " + e.getMessage());
      System.err.println("Run with --help for the list of flags.");
      System.exit(2);
      return;
    }
    LogFormats.apply(config.logFormat(), config.nodeId());
    Vertx vertx = Vertx.vertx();
    KonsilNode node;
    try {
      node = KonsilNode.start(vertx, config).await();
    } catch (Exception e) {
      System.err.println("konsil-node: could not start: " + e.getMessage());
      vertx.close();
      System.exit(1);
      return;
    }
    if (config.jwt().secretGenerated()) {
      LOG.warn("no --jwt-secret or --jwt-jwks given: using a random secret, so only this node's own tokens are accepted");
    }
    StringBuilder banner = new StringBuilder("\nKonsil node '" + config.nodeId() + "' is up at " + node.baseUrl() + "\n");
    banner.append("  health:  ").append(node.baseUrl()).append("/health\n");
    banner.append("  metrics: ").append(node.baseUrl()).append("/metrics\n");
    banner.append("  API:     ").append(node.baseUrl()).append("/api/v1/openapi.yaml\n");
    for (String line : node.links()) {
      banner.append("  ").append(line).append('\n');
    }
    if (config.logFormat() == KonsilConfig.LogFormat.JSON) {
      // Log shippers expect nothing but JSON lines on stdout.
      LOG.info(banner.toString().strip());
    } else {
      System.out.println(banner);
    }

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.stop().eventually(vertx::close).onComplete(ar -> stopped.countDown());
        stopped.await(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "konsil-shutdown"));
  }
}
