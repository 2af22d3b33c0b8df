package io.konsil.common.audit;

import io.konsil.common.token.Caller;

/** Who acted: the caller's id, role, hospital and HPR number (when the identity provider vouched for one). */
public record Actor(String id, String role, String hospital, String hpr) {

  public static Actor of(Caller caller) {
    return new Actor(caller.id(), caller.role().wire(), caller.hospital(), caller.hpr());
  }
}
