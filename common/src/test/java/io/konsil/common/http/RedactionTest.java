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
  void tokensAnywhereAndNationalIdentityNumbersAreRedacted() {
    assertEquals("refused REDACTED for room r", Redaction.redact(
        "refused eyJhbGciOiJSUzI1NiJ9.eyJwaWQiOiIxMjMifQ.c2lnbmF0dXJl for room r"));
    assertEquals("unsigned REDACTED", Redaction.redact("unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."));
    assertEquals("user=REDACTED room=r", Redaction.redact("user=12089012345 room=r"));
    assertEquals("/api/v1/patients/REDACTED/x", Redaction.redact("/api/v1/patients/12089012345/x"));
    // HPR numbers (nine digits), organisation numbers and timestamps stay.
    assertEquals("user=hpr-565501872 org=974557746 at=1767225600000",
        Redaction.redact("user=hpr-565501872 org=974557746 at=1767225600000"));
  }

  @Test
  void textWithoutSecretsIsUntouched() {
    assertEquals("/api/v1/slots?specialty=cardiology", Redaction.redact("/api/v1/slots?specialty=cardiology"));
    assertEquals("/x?jwtx=keep", Redaction.redact("/x?jwtx=keep"));
    assertNull(Redaction.redact(null));
  }
}
