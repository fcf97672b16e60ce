package dev.coffer.keystore.internal.model;

import dev.coffer.keystore.Principal;
import dev.coffer.keystore.policy.PolicyDocument;
import java.time.Instant;
import java.util.Objects;

/** A named identity policy attached to a principal, compiled. */
public record IdentityPolicy(
    Principal principal, String name, PolicyDocument document, Instant updated) {
  public IdentityPolicy {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(updated, "updated");
  }
}
