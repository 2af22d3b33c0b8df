package io.konsil.common.identity;

import java.util.List;
import java.util.Locale;

/**
 * The eIDAS level of assurance of a login, read from the token's {@code acr} (ID-porten) or security level
 * (HelseID). Ordered: a level satisfies every level before it.
 */
public enum AssuranceLevel {
  LOW(List.of("idporten-loa-low", "level2", "2")),
  SUBSTANTIAL(List.of("idporten-loa-substantial", "level3", "3")),
  HIGH(List.of("idporten-loa-high", "level4", "4"));

  private final List<String> names;

  AssuranceLevel(List<String> names) {
    this.names = names;
  }

  public boolean satisfies(AssuranceLevel minimum) {
    return compareTo(minimum) >= 0;
  }

  /**
   * Parses an {@code acr} value: ID-porten's current {@code idporten-loa-*} names, its legacy {@code Level3} /
   * {@code Level4}, or HelseID's security level {@code 3} / {@code 4}. Null for anything else.
   */
  public static AssuranceLevel fromClaim(Object value) {
    if (!(value instanceof String) && !(value instanceof Number)) {
      return null;
    }
    String s = value.toString().trim().toLowerCase(Locale.ROOT);
    for (AssuranceLevel level : values()) {
      if (level.names.contains(s)) {
        return level;
      }
    }
    return null;
  }
}
