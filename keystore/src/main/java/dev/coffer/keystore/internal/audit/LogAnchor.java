package dev.coffer.keystore.internal.audit;

import dev.coffer.keystore.internal.model.AuditState;

/**
 * What the log needs from the keystore: its keys, the head it remembers, its generation, and a
 * place to record a new head. Keeps the log independent of how the keystore stores them.
 */
interface LogAnchor {
  AuditState state();

  long keystoreGeneration();

  /** Remembers {@code head}; called once the log is durable up to it. */
  void recordHead(AuditState.Head head);
}
