package io.konsil.fhir.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's instance validator against the FHIR R4 core profiles, offline. Building it and its first call load the core
 * definitions (seconds), so a test class builds one and warms it up once.
 */
public final class Validation {
  private static Validation shared;
  public final FhirContext fhir = FhirContext.forR4();
  private final FhirValidator validator;
  public final long warmUpMillis;

  /**
   * The one validator of this test JVM: every test class asks for it in its {@code @BeforeAll}, and only the first
   * pays for building and warming it (tens of seconds on a busy two-core machine).
   */
  public static synchronized Validation shared() {
    if (shared == null) {
      shared = new Validation();
    }
    return shared;
  }

  private Validation() {
    long t0 = System.nanoTime();
    ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir),
        new InMemoryTerminologyServerValidationSupport(fhir), new CommonCodeSystemsTerminologyService(fhir),
        new SnapshotGeneratingValidationSupport(fhir));
    FhirInstanceValidator module = new FhirInstanceValidator(chain);
    validator = fhir.newValidator().registerValidatorModule(module);
    validator.validateWithResult(new org.hl7.fhir.r4.model.OperationOutcome()
        .addIssue(new org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent()
            .setSeverity(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR)
            .setCode(org.hl7.fhir.r4.model.OperationOutcome.IssueType.INVALID)));
    warmUpMillis = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("FHIR validator ready in " + warmUpMillis + " ms");
  }

  /** Asserts that the resource (JSON text) passes with no error or fatal; returns the messages for a look. */
  public synchronized List<SingleValidationMessage> assertValid(String json) {
    return check(validator.validateWithResult(json), json);
  }

  public synchronized List<SingleValidationMessage> assertValid(IBaseResource resource) {
    return check(validator.validateWithResult(resource), fhir.newJsonParser().encodeResourceToString(resource));
  }

  private static List<SingleValidationMessage> check(ValidationResult result, String json) {
    List<SingleValidationMessage> bad = result.getMessages().stream()
        .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
        .toList();
    assertTrue(bad.isEmpty(), () -> "FHIR validation failed: " + bad.stream()
        .map(m -> m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage()).toList() + "\n" + json);
    return result.getMessages();
  }
}
