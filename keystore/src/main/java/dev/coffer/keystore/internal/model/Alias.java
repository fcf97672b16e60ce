package dev.coffer.keystore.internal.model;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** An alias as stored: full name ({@code alias/...}) and target key. */
public record Alias(String name, UUID targetKeyId, Instant created, Instant lastUpdated) {
  public Alias {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(targetKeyId, "targetKeyId");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(lastUpdated, "lastUpdated");
  }

  public Alias retarget(UUID keyId, Instant at) {
    return new Alias(name, keyId, created, at);
  }
}
