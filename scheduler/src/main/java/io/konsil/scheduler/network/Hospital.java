package io.konsil.scheduler.network;

/** A hospital of the network; {@code region} is the regional health authority, {@code trust} the health trust (helseforetak). */
public record Hospital(String code, String name, String region, String trust) {}
