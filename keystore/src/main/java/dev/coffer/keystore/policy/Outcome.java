package dev.coffer.keystore.policy;

/** How IAM-style evaluation ends. */
public enum Outcome {
  ALLOW,
  /** A Deny statement applied: nothing can override it. */
  EXPLICIT_DENY,
  /** No statement allowed the request (the default). */
  IMPLICIT_DENY
}
