package io.konsil.signaling.room;

/**
 * One thing to do to one connection, wherever it is: send {@code frame} (JSON text; may be null) and then, when
 * {@code close} is not 0, close it with that code and {@code reason}.
 */
public record Delivery(String conn, String frame, int close, String reason) {
  public static Delivery send(String conn, String frame) {
    return new Delivery(conn, frame, 0, null);
  }

  public static Delivery close(String conn, String frame, int code, String reason) {
    return new Delivery(conn, frame, code, reason);
  }
}
