package io.konsil.scheduler.demo;

import io.konsil.common.token.Role;
import java.util.List;

/** Someone the demo sign-in can issue a token for. */
public record DemoUser(String id, String name, Role role, String hospital, List<String> specialties, String hpr) {

  /** Someone without an HPR number (patients, the administrator). */
  public DemoUser(String id, String name, Role role, String hospital, List<String> specialties) {
    this(id, name, role, hospital, specialties, null);
  }
}
