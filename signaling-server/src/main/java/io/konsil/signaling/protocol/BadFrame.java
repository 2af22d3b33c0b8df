package io.konsil.signaling.protocol;

import io.konsil.common.error.KonsilException;

/** A client frame that cannot be used, with the client's correlation id when it could be read (to echo it). */
public final class BadFrame extends KonsilException {
  private final String id;

  public BadFrame(String code, String message, String id) {
    super(400, code, message);
    this.id = id;
  }

  public String id() {
    return id;
  }
}
