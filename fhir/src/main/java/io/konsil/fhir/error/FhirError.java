package io.konsil.fhir.error;

import io.konsil.common.error.KonsilException;
import io.konsil.fhir.vocabulary.Konsil;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Every error the FHIR facade answers with, in one place: an HTTP status, a FHIR issue type and a stable Konsil code.
 * Failures of the services underneath (Konsil's problem codes, docs/api.md) are mapped here too, by {@link #of}; each
 * becomes an OperationOutcome ({@code severity} error, {@code code}, {@code diagnostics}) — never problem+json.
 */
public enum FhirError {
  INVALID_REQUEST(400, IssueType.INVALID, "invalid-request"),
  INVALID_RESOURCE(400, IssueType.STRUCTURE, "invalid-resource"),
  UNKNOWN_PARAMETER(400, IssueType.NOTSUPPORTED, "unknown-search-parameter"),
  TOKEN_MISSING(401, IssueType.LOGIN, "token-missing"),
  FORBIDDEN(403, IssueType.FORBIDDEN, "forbidden-role"),
  NOT_FOUND(404, IssueType.NOTFOUND, "not-found"),
  METHOD_NOT_ALLOWED(405, IssueType.NOTSUPPORTED, "method-not-allowed"),
  NOT_ACCEPTABLE(406, IssueType.NOTSUPPORTED, "not-acceptable"),
  CONFLICT(409, IssueType.CONFLICT, "conflict"),
  BODY_TOO_LARGE(413, IssueType.TOOCOSTLY, "body-too-large"),
  UNSUPPORTED_MEDIA_TYPE(415, IssueType.NOTSUPPORTED, "unsupported-media-type"),
  BUSINESS_RULE(422, IssueType.BUSINESSRULE, "business-rule"),
  TOO_MANY_REQUESTS(429, IssueType.THROTTLED, "rate-limited"),
  INTERNAL(500, IssueType.EXCEPTION, "internal-error"),
  UNAVAILABLE(503, IssueType.TRANSIENT, "store-unavailable");

  private final int status;
  private final IssueType type;
  private final String code;

  FhirError(int status, IssueType type, String code) {
    this.status = status;
    this.type = type;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public IssueType type() {
    return type;
  }

  public String code() {
    return code;
  }

  public FhirException error(String diagnostics) {
    return new FhirException(this, code, diagnostics);
  }

  /** The error a failure becomes: facade errors as they are, service errors (Konsil codes kept) by their status. */
  public static FhirException of(Throwable failure) {
    if (failure instanceof FhirException f) {
      return f;
    }
    if (failure instanceof KonsilException k) {
      return new FhirException(byStatus(k.status()), k.code(), k.getMessage());
    }
    return INTERNAL.error("Internal error");
  }

  /** A status the HTTP layer set by itself (413 from the body limit, 405, ...). */
  public static FhirError byStatus(int status) {
    return switch (status) {
      case 400 -> INVALID_REQUEST;
      case 401 -> TOKEN_MISSING;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 406 -> NOT_ACCEPTABLE;
      case 409 -> CONFLICT;
      case 413 -> BODY_TOO_LARGE;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 422 -> BUSINESS_RULE;
      case 429 -> TOO_MANY_REQUESTS;
      case 503 -> UNAVAILABLE;
      default -> INTERNAL;
    };
  }

  /** One failure as an OperationOutcome; its Konsil code goes in {@code issue.details}. */
  public static OperationOutcome outcome(FhirException e) {
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue()
        .setSeverity(IssueSeverity.ERROR)
        .setCode(e.error().type())
        .setDetails(new CodeableConcept(new Coding(Konsil.ERROR_CODE, e.code(), null)))
        .setDiagnostics(e.getMessage());
    return outcome;
  }
}
