package io.konsil.node.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.konsil.common.http.Redaction;

/** {@code %msg} through {@link Redaction}: the last line of defence should a token or national id reach a log call. */
public final class RedactedMessageConverter extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return Redaction.redact(super.convert(event));
  }
}
