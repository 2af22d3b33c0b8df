package io.konsil.node.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.FreePort;
import io.konsil.node.KonsilNode;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A node for a browser test class — by default with demo data ({@link ConsultationInBrowserTest#testNode}) — started
 * before its tests and stopped after them; Chromium must be there (a browser suite that silently skips would hide a
 * broken client). Register it as a static {@code @RegisterExtension} field; {@link NodeWithJanus} adds a media server.
 */
class BrowserTestNode implements BeforeAllCallback, AfterAllCallback {
  private Vertx vertx;
  private KonsilNode node;
  private KonsilRest rest;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    assertTrue(Chromium.available(), "Chromium and chromedriver are needed (apt-get install chromium chromium-driver)");
    vertx = Vertx.vertx();
    node = KonsilNode.start(vertx, config(FreePort.find())).await();
    rest = new KonsilRest(node.baseUrl());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (node != null) {
      node.stop().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  /** The node's configuration on {@code port}. */
  protected KonsilConfig config(int port) {
    return ConsultationInBrowserTest.testNode(port);
  }

  public KonsilNode node() {
    return node;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** http://localhost:PORT */
  String base() {
    return node.baseUrl();
  }

  /** The node's REST API, as the web client calls it. */
  KonsilRest rest() {
    return rest;
  }
}
