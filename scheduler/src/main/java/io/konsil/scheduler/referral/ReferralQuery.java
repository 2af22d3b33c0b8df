package io.konsil.scheduler.referral;

import java.util.Set;

/** Referral listing filters, all optional (null): a patient's, a GP's, or those of some specialties. */
public record ReferralQuery(String patientId, String gpId, Set<String> specialties) {}
