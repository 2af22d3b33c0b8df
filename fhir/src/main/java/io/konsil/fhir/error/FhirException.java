package io.konsil.fhir.error;

/** A failure answered as an OperationOutcome; {@code code} is the Konsil code (the facade's own or a service's). */
public final class FhirException extends RuntimeException {
  private final FhirError error;
  private final String code;

  FhirException(FhirError error, String code, String diagnostics) {
    super(diagnostics, null, false, false);
    this.error = error;
    this.code = code;
  }

  public FhirError error() {
    return error;
  }

  public String code() {
    return code;
  }

  public int status() {
    return error.status();
  }
}
