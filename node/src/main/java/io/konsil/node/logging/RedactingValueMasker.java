package io.konsil.node.logging;

import com.fasterxml.jackson.core.JsonStreamContext;
import io.konsil.common.http.Redaction;
import net.logstash.logback.mask.ValueMasker;

/** Applies {@link Redaction} to every string value of a JSON log line (message, stack trace, MDC). */
public final class RedactingValueMasker implements ValueMasker {
  @Override
  public Object mask(JsonStreamContext context, Object value) {
    if (value instanceof CharSequence text) {
      String original = text.toString();
      String redacted = Redaction.redact(original);
      return redacted.equals(original) ? null : redacted;
    }
    return null;
  }
}
