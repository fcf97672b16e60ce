package dev.coffer.keystore;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a master key.
 *
 * @param version 1 for the key's first version, then one more per rotation
 * @param encryptions how many encryptions this version has made; after a restart it may
 *     overestimate by up to one reservation block, never underestimate
 */
public record KeyVersionInfo(
    int version,
    Instant creationDate,
    VersionOrigin origin,
    VersionState state,
    long encryptions,
    Optional<Instant> destroyedDate) {
  public KeyVersionInfo {
    Objects.requireNonNull(creationDate, "creationDate");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(destroyedDate, "destroyedDate");
  }
}
