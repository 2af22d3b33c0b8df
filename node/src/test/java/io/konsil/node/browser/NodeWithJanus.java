package io.konsil.node.browser;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.TestTokens;
import io.konsil.signaling.media.JanusProcess;
import io.konsil.signaling.media.JanusServer;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For a browser test class of SFU calls: a real Janus ({@link JanusServer}) and a node using it ({@code --janus-ws}, {@code --mesh-max}),
 * started before the first test and stopped after the last.
 */
public final class NodeWithJanus extends BrowserTestNode {
  private final int meshMax;
  private final JanusServer janus = new JanusServer();

  public NodeWithJanus(int meshMax) {
    this.meshMax = meshMax;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    janus.beforeAll(context);
    super.beforeAll(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    super.afterAll(context);
    janus.afterAll(context);
  }

  @Override
  protected KonsilConfig config(int port) {
    return KonsilConfig.defaults(port, TestTokens.APP_ID, TestTokens.SECRET).withMedia(janus.media(meshMax));
  }

  public JanusProcess janus() {
    return janus.process();
  }
}
