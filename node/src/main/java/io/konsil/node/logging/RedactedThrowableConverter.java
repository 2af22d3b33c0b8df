package io.konsil.node.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.konsil.common.http.Redaction;

/** {@code %ex} through {@link Redaction}: exception messages may quote a URL or a header. */
public final class RedactedThrowableConverter extends ThrowableProxyConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return Redaction.redact(super.convert(event));
  }
}
