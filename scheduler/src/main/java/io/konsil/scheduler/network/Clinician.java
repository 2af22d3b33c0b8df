package io.konsil.scheduler.network;

import io.konsil.common.token.Role;
import java.util.List;

/**
 * A GP, specialist or nurse. {@code id} is the user id their tokens carry ({@code context.user.id}); {@code hpr} is the
 * Norwegian health personnel register number. The first specialty is the one their slots are offered under.
 */
public record Clinician(String id, String name, Role role, String hpr, String hospital, List<String> specialties,
                        List<String> languages) {

  public Clinician {
    specialties = List.copyOf(specialties);
    languages = List.copyOf(languages);
  }

  public String primarySpecialty() {
    return specialties.isEmpty() ? null : specialties.get(0);
  }
}
