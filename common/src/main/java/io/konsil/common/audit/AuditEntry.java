package io.konsil.common.audit;

import java.time.Instant;

/**
 * An event as the trail holds it: its place in the chain ({@code seq}, from 1), when and on which node it was
 * written, the hash of the entry before it ({@code prev}; 64 zeros for the first) and its own {@code hash}.
 * {@code door} and {@code detail} are null in entries written before they were recorded (see {@link HashChain}).
 */
public record AuditEntry(long seq, Instant at, String node, Actor actor, String patientId, AuditAction action,
                         Basis basis, Door door, String detail, String prev, String hash) {}
