package io.konsil.common.error;

import java.util.List;

/**
 * The one error type of Konsil. {@code code} is stable and documented (docs/protocol.md, docs/api.md);
 * it becomes a WebSocket {@code error} frame or an RFC 9457 problem+json response in exactly one place each.
 */
public class KonsilException extends RuntimeException {
  private final String code;
  private final int status;
  private final List<FieldProblem> fieldProblems;

  public KonsilException(int status, String code, String message) {
    this(status, code, message, List.of());
  }

  public KonsilException(int status, String code, String message, List<FieldProblem> fieldProblems) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
    this.fieldProblems = List.copyOf(fieldProblems);
  }

  /** For errors that wrap a lower-level failure (kept for logs, never shown to clients). */
  protected KonsilException(int status, String code, String message, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
    this.status = status;
    this.fieldProblems = List.of();
  }

  public String code() {
    return code;
  }

  /** HTTP status this error maps to (also used for the WebSocket handshake refusal). */
  public int status() {
    return status;
  }

  public List<FieldProblem> fieldProblems() {
    return fieldProblems;
  }

  /** One invalid field of a request body or query, for field-level problems. */
  public record FieldProblem(String field, String message) {}

  public static KonsilException badRequest(String code, String message) {
    return new KonsilException(400, code, message);
  }

  public static KonsilException unauthorized(String code, String message) {
    return new KonsilException(401, code, message);
  }

  public static KonsilException forbidden(String code, String message) {
    return new KonsilException(403, code, message);
  }

  public static KonsilException notFound(String code, String message) {
    return new KonsilException(404, code, message);
  }

  public static KonsilException conflict(String code, String message) {
    return new KonsilException(409, code, message);
  }

  public static KonsilException unprocessable(String code, String message, List<FieldProblem> problems) {
    return new KonsilException(422, code, message, problems);
  }
}
