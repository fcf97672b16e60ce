package dev.coffer.keystore.policy;

import java.util.Objects;

/**
 * The outcome of evaluating every applicable policy, with an explanation for people: which layer
 * and statement allowed or denied, or why nothing allowed. Never contains secrets.
 */
public record PolicyDecision(Outcome outcome, String explanation) {
  public PolicyDecision {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(explanation, "explanation");
  }

  public boolean allowed() {
    return outcome == Outcome.ALLOW;
  }
}
