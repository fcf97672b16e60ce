package dev.coffer.keystore;

import java.util.Objects;

/**
 * An authorization outcome and the reason for it, phrased for the person debugging an AccessDenied:
 * which rule allowed or denied, or that nothing allowed. Never holds secrets.
 */
public record AccessDecision(boolean allowed, String explanation) {
  public AccessDecision {
    Objects.requireNonNull(explanation, "explanation");
  }

  public static AccessDecision allow(String explanation) {
    return new AccessDecision(true, explanation);
  }

  public static AccessDecision deny(String explanation) {
    return new AccessDecision(false, explanation);
  }
}
