package dev.coffer.keystore.internal.audit;

import dev.coffer.keystore.internal.model.AuditState;
import dev.coffer.keystore.internal.store.StateStore;

/**
 * The keystore side of {@link LogAnchor}: the audit state lives in the sealed keystore state, and a
 * new head is one bookkeeping write (no audit record describes it; the digest it points at is the
 * record).
 */
final class StoreAnchor implements LogAnchor {
  private final StateStore store;

  StoreAnchor(StateStore store) {
    this.store = store;
  }

  @Override
  public AuditState state() {
    return store.current().auditState().orElseThrow();
  }

  @Override
  public long keystoreGeneration() {
    return store.generation();
  }

  @Override
  public void recordHead(AuditState.Head head) {
    store.updateBookkeeping(
        s -> {
          AuditState current = s.auditState().orElseThrow();
          if (current.head().map(h -> h.sequence() >= head.sequence()).orElse(false)) {
            return s;
          }
          return s.withAuditState(current.withHead(head));
        });
  }
}
