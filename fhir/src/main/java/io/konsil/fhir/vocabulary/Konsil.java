package io.konsil.fhir.vocabulary;

/**
 * Every system, extension and identifier URL the FHIR facade writes or reads, in one place (docs/fhir.md lists them).
 * Konsil's own code systems live under {@link #BASE}; the Norwegian OIDs are the ones Norwegian FHIR profiles
 * (no-basis) use for the same registers.
 */
public final class Konsil {
  private Konsil() {}

  public static final String BASE = "https://konsil.io/fhir";

  /** HPR: the Norwegian health personnel register number. */
  public static final String HPR = "urn:oid:2.16.578.1.12.4.1.4.4";
  /** The organisation number from the Central Coordinating Register for Legal Entities (Enhetsregisteret). */
  public static final String ORGANISATION_NUMBER = "urn:oid:2.16.578.1.12.4.1.4.101";
  /** Konsil's short hospital code (OUS, HUS, ...), the id of the Organization. */
  public static final String HOSPITAL_CODE = BASE + "/sid/hospital-code";
  /** A user id as tokens carry it ({@code context.user.id}): the only patient identity Konsil has. */
  public static final String USER_ID = BASE + "/sid/user-id";
  /** A hold's id ({@code holdId} of /api/v1), on a pending Appointment. */
  public static final String HOLD_ID = BASE + "/sid/hold-id";

  /** Specialty codes of the network directory (cardiology, general-practice, ...). */
  public static final String SPECIALTY = BASE + "/CodeSystem/specialty";
  /** referral | second-opinion: what a ServiceRequest stands for. */
  public static final String SERVICE_REQUEST_CATEGORY = BASE + "/CodeSystem/service-request-category";
  public static final String CATEGORY_REFERRAL = "referral";
  public static final String CATEGORY_SECOND_OPINION = "second-opinion";
  /** gp-consultation | specialist-consultation | second-opinion: Appointment.serviceCategory. */
  public static final String APPOINTMENT_KIND = BASE + "/CodeSystem/appointment-kind";
  /** video | in-person. */
  public static final String CONSULTATION_MODE = BASE + "/CodeSystem/consultation-mode";
  /** The Konsil problem code behind an OperationOutcome issue (issue.details), as in docs/api.md. */
  public static final String ERROR_CODE = BASE + "/CodeSystem/error";

  /** Extension on Slot and Appointment: video or in-person (valueCoding from {@link #CONSULTATION_MODE}). */
  public static final String EXT_CONSULTATION_MODE = BASE + "/StructureDefinition/consultation-mode";
  /**
   * Extension on a video Appointment, R5's {@code Appointment.virtualService} carried into R4: sub-extensions
   * {@code channelType} (valueCoding), {@code addressUrl} (valueUrl: the call page) and {@code joinEndpoint}
   * (valueUrl: where a party obtains its short-lived room token).
   */
  public static final String EXT_VIRTUAL_SERVICE = BASE + "/StructureDefinition/virtual-service";
  /**
   * The channel of a virtual service. R5's own system (http://hl7.org/fhir/virtual-service-type) does not exist in R4,
   * where validators reject it as an unknown HL7 code system; Konsil's code {@code konsil} stands in.
   */
  public static final String VIRTUAL_SERVICE_TYPE = BASE + "/CodeSystem/virtual-service-type";
  /** Core R4 extension for an element with no value (a second opinion without a patient). */
  public static final String DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
}
