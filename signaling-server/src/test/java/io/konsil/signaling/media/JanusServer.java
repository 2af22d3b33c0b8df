package io.konsil.signaling.media;

import io.konsil.common.config.KonsilConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Janus for a test class — started before its first test, stopped after its last — and a node's media
 * settings pointing at it. Register it: {@code @RegisterExtension static final JanusServer JANUS = new JanusServer();}.
 */
public final class JanusServer implements BeforeAllCallback, AfterAllCallback {
  private JanusProcess janus;

  @Override
  public void beforeAll(ExtensionContext context) {
    janus = JanusProcess.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (janus != null) {
      janus.close();
    }
  }

  public JanusProcess process() {
    return janus;
  }

  /** {@code --janus-ws} on this Janus, recordings where it writes them, and the given {@code --mesh-max}. */
  public KonsilConfig.Media media(int meshMax) {
    return new KonsilConfig.Media(janus.uri().toString(), null, meshMax, janus.recordings().toString());
  }
}
