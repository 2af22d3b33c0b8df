package io.konsil.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void tokensInQueryStringsAreRedactedAndTheRestKept() {
    assertEquals("/room-1?jwt=REDACTED&lang=nb", Redaction.redact("/room-1?jwt=eyJhbGciOi.eyJzdWIi.sig&lang=nb"));
    assertEquals("/signal/r?lang=nb&jwt=REDACTED", Redaction.redact("/signal/r?lang=nb&jwt=abc.def.ghi"));
    assertEquals("/x?token=REDACTED&access_token=REDACTED", Redaction.redact("/x?token=a&access_token=b"));
    assertEquals("/x?JWT=REDACTED", Redaction.redact("/x?JWT=a.b.c"));
  }

  @Test
  void bearerHeadersAreRedacted() {
    assertEquals("Authorization: Bearer REDACTED", Redaction.redact("Authorization: Bearer eyJ.abc-_.x/y+z="));
  }

  @Test
  void textWithoutSecretsIsUntouched() {
    assertEquals("/api/v1/slots?specialty=cardiology", Redaction.redact("/api/v1/slots?specialty=cardiology"));
    assertEquals("/x?jwtx=keep", Redaction.redact("/x?jwtx=keep"));
    assertNull(Redaction.redact(null));
  }
}
