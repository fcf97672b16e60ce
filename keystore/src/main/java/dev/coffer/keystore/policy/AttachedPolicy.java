package dev.coffer.keystore.policy;

import java.util.Objects;

/**
 * A policy with the name messages use for it, such as {@code key policy} or {@code identity policy
 * "ReadOnly" of arn:aws:iam::111122223333:role/App}.
 */
public record AttachedPolicy(String label, PolicyDocument document) {
  public AttachedPolicy {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(document, "document");
  }
}
