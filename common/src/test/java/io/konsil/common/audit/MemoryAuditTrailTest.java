package io.konsil.common.audit;

import io.konsil.common.audit.memory.MemoryAuditTrail;
import java.util.function.UnaryOperator;

class MemoryAuditTrailTest extends AuditTrailContract {
  private MemoryAuditTrail trail;

  @Override
  protected AuditTrail trail(String node) {
    trail = new MemoryAuditTrail(clock, node);
    return trail;
  }

  @Override
  protected void edit(long seq, UnaryOperator<String> change) {
    trail.stored().compute(seq, (k, v) -> change.apply(v));
  }

  @Override
  protected void delete(long seq) {
    trail.stored().remove(seq);
  }
}
