package io.konsil.common.audit;

import java.util.List;

/** A page of entries, newest first; {@code next} is the cursor for older ones (null when there are none). */
public record AuditPage(List<AuditEntry> items, Long next) {}
