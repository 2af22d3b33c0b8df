package io.konsil.scheduler.network;

/**
 * A hospital of the network; {@code region} is the regional health authority, {@code trust} the health trust
 * (helseforetak). {@code orgNumber} is its organisation number in Enhetsregisteret when known (null otherwise): the
 * identifier Norwegian systems (and FHIR's Organization) use.
 */
public record Hospital(String code, String name, String region, String trust, String orgNumber) {

  /** A hospital whose organisation number is not recorded. */
  public Hospital(String code, String name, String region, String trust) {
    this(code, name, region, trust, null);
  }
}
