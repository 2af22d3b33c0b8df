package io.konsil.fhir.vocabulary;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * How times are written: to the second, with Oslo's offset, as /api/v1 writes them ({@code 2030-03-05T08:00:00+01:00}),
 * whatever the JVM's default time zone.
 */
public final class FhirTime {
  private static final TimeZone OSLO = TimeZone.getTimeZone("Europe/Oslo");

  private FhirTime() {}

  public static InstantType instant(Instant t) {
    return new InstantType(Date.from(t), TemporalPrecisionEnum.SECOND, OSLO);
  }

  public static DateTimeType dateTime(Instant t) {
    return new DateTimeType(Date.from(t), TemporalPrecisionEnum.SECOND, OSLO);
  }
}
