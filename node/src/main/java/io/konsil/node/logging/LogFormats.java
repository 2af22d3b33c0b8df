package io.konsil.node.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.konsil.common.config.KonsilConfig;
import org.slf4j.LoggerFactory;

/**
 * Switches logging to the format chosen by {@code --log-format}. Logback starts from {@code logback.xml} (text) before
 * the flags are read; JSON replaces it with {@code logback-json.xml}. Both redact through the same rule.
 */
public final class LogFormats {
  private LogFormats() {}

  public static void apply(KonsilConfig.LogFormat format, String nodeId) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.putProperty("node", nodeId);
    if (format != KonsilConfig.LogFormat.JSON) {
      return;
    }
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    context.reset();
    context.putProperty("node", nodeId);
    try {
      configurator.doConfigure(LogFormats.class.getResource("/logback-json.xml"));
    } catch (JoranException e) {
      throw new IllegalStateException("logback-json.xml is broken", e);
    }
  }
}
