package io.konsil.node.browser;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.FreePort;
import io.konsil.common.testing.TestTokens;
import io.konsil.node.KonsilNode;
import io.konsil.signaling.media.JanusProcess;
import io.konsil.signaling.media.JanusServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For a browser test class of SFU calls: a real Janus ({@link JanusServer}) and a node using it ({@code --janus-ws}, {@code --mesh-max}),
 * started before the first test and stopped after the last.
 */
public final class NodeWithJanus implements BeforeAllCallback, AfterAllCallback {
  private final int meshMax;
  private final JanusServer janus = new JanusServer();
  private Vertx vertx;
  private KonsilNode node;

  public NodeWithJanus(int meshMax) {
    this.meshMax = meshMax;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    janus.beforeAll(context);
    vertx = Vertx.vertx();
    KonsilConfig config = KonsilConfig.defaults(FreePort.find(), TestTokens.APP_ID, TestTokens.SECRET)
        .withMedia(janus.media(meshMax));
    node = KonsilNode.start(vertx, config).await();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (node != null) {
      node.stop().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    janus.afterAll(context);
  }

  public KonsilNode node() {
    return node;
  }

  public Vertx vertx() {
    return vertx;
  }

  public JanusProcess janus() {
    return janus.process();
  }
}
