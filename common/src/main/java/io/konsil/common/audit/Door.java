package io.konsil.common.audit;

import java.util.Locale;

/**
 * Through which door of the node the access came: the REST API ({@code /api/v1}), the FHIR facade ({@code /fhir}) or
 * a signaling connection ({@code /signal/{room}}). Entries written before doors were recorded have none.
 */
public enum Door {
  REST, FHIR, SIGNALING;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Door fromWire(String wire) {
    return wire == null ? null : valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
