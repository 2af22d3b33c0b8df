package io.konsil.scheduler.network;

/** An entry of the specialty code list (extendable: the list lives in the store, not in an enum). */
public record Specialty(String code, String name, String nameNb) {}
