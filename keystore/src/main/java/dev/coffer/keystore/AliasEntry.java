package dev.coffer.keystore;

import java.time.Instant;
import java.util.Objects;

/** One alias: its name ({@code alias/...}), ARN, and the key it points at. */
public record AliasEntry(
    String aliasName,
    String aliasArn,
    String targetKeyId,
    Instant creationDate,
    Instant lastUpdatedDate) {
  public AliasEntry {
    Objects.requireNonNull(aliasName, "aliasName");
    Objects.requireNonNull(aliasArn, "aliasArn");
    Objects.requireNonNull(targetKeyId, "targetKeyId");
    Objects.requireNonNull(creationDate, "creationDate");
    Objects.requireNonNull(lastUpdatedDate, "lastUpdatedDate");
  }
}
