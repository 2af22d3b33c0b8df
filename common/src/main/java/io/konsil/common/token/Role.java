package io.konsil.common.token;

import java.util.Locale;

/** A caller's role, from the token claim {@code context.user.role}. */
public enum Role {
  PATIENT, GP, SPECIALIST, NURSE, INTERPRETER, OBSERVER, ADMIN;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Clinicians (gp, specialist) moderate a consultation whatever the {@code moderator} claim says. */
  public boolean moderatesByDefault() {
    return this == GP || this == SPECIALIST;
  }

  public boolean isClinician() {
    return this == GP || this == SPECIALIST || this == NURSE;
  }

  /** Parses a claim value; null for absent or unknown values (Jitsi ignores claims it does not know). */
  public static Role fromClaim(Object value) {
    if (!(value instanceof String s)) {
      return null;
    }
    for (Role r : values()) {
      if (r.wire().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    return null;
  }
}
