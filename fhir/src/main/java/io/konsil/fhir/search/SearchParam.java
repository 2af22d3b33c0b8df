package io.konsil.fhir.search;

import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/** One search parameter a resource supports, as the CapabilityStatement lists it. */
public record SearchParam(String name, SearchParamType type, String documentation) {}
