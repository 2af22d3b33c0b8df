package io.konsil.fhir.directory;

import java.text.Normalizer;
import java.util.Locale;

/**
 * FHIR string search (https://hl7.org/fhir/R4/search.html#string): a value matches when the name or one of its words
 * starts with it, ignoring case and accents ("ol" finds "Ola Nordmann", "hansen" finds "Ingrid Hansen").
 */
final class Names {
  private Names() {}

  static boolean matches(String name, String value) {
    if (name == null) {
      return false;
    }
    String n = fold(name);
    String v = fold(value);
    if (n.startsWith(v)) {
      return true;
    }
    for (String word : n.split("[\\s,\\-]+")) {
      if (word.startsWith(v)) {
        return true;
      }
    }
    return false;
  }

  private static String fold(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT).trim();
  }
}
