package dev.coffer.keystore;

/** How an audited operation ended. */
public enum AuditOutcome {
  /** Authorized and completed. */
  ALLOWED,
  /** Refused by authorization. */
  DENIED,
  /** Authorized (or not yet decided) but failed: bad input, key state, throttling, integrity. */
  ERROR
}
