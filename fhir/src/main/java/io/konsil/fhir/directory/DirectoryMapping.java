package io.konsil.fhir.directory;

import io.konsil.fhir.vocabulary.Konsil;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.Hospital;
import io.konsil.scheduler.network.Specialty;
import java.util.Arrays;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;

/** The network directory as FHIR: clinicians → Practitioner, hospitals → Organization, what a hospital offers → HealthcareService. */
public final class DirectoryMapping {
  private DirectoryMapping() {}

  public static Practitioner practitioner(Clinician c) {
    Practitioner p = new Practitioner();
    p.setId(c.id());
    p.setActive(true);
    if (c.hpr() != null && !c.hpr().isBlank()) {
      p.addIdentifier(new Identifier().setSystem(Konsil.HPR).setValue(c.hpr()));
    }
    p.addIdentifier(new Identifier().setSystem(Konsil.USER_ID).setValue(c.id()));
    p.addName(name(c.name()));
    return p;
  }

  /** "Ingrid Hansen" → given Ingrid, family Hansen (Norwegian names: the last word is the family name). */
  static HumanName name(String text) {
    HumanName name = new HumanName().setText(text);
    String[] words = text.trim().split("\\s+");
    if (words.length > 0 && !words[0].isEmpty()) {
      name.setFamily(words[words.length - 1]);
      Arrays.stream(words, 0, words.length - 1).forEach(name::addGiven);
    }
    return name;
  }

  public static Organization organization(Hospital h) {
    Organization o = new Organization();
    o.setId(h.code());
    o.setActive(true);
    if (h.orgNumber() != null) {
      o.addIdentifier(new Identifier().setSystem(Konsil.ORGANISATION_NUMBER).setValue(h.orgNumber()));
    }
    o.addIdentifier(new Identifier().setSystem(Konsil.HOSPITAL_CODE).setValue(h.code()));
    o.setName(h.name());
    if (h.trust() != null && !h.trust().equals(h.name())) {
      o.addAlias(h.trust());
    }
    return o;
  }

  /** The id of what {@code hospital} offers in {@code specialty}. */
  public static String serviceId(String hospital, String specialty) {
    return hospital + "-" + specialty;
  }

  public static HealthcareService service(Hospital h, Specialty s) {
    HealthcareService hs = new HealthcareService();
    hs.setId(serviceId(h.code(), s.code()));
    hs.setActive(true);
    hs.setProvidedBy(new Reference("Organization/" + h.code()).setDisplay(h.name()));
    hs.addType(specialty(s));
    hs.setName(s.name() + ", " + h.name());
    return hs;
  }

  public static CodeableConcept specialty(Specialty s) {
    return new CodeableConcept(new Coding(Konsil.SPECIALTY, s.code(), s.name())).setText(s.name());
  }

  public static CodeableConcept specialty(String code, List<Specialty> known) {
    return known.stream().filter(s -> s.code().equals(code)).findFirst().map(DirectoryMapping::specialty)
        .orElseGet(() -> new CodeableConcept(new Coding(Konsil.SPECIALTY, code, null)));
  }
}
