package dev.coffer.keystore;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What GetKeyRotationStatus says. */
public record RotationStatus(
    String keyArn,
    boolean rotationEnabled,
    Optional<Integer> rotationPeriodInDays,
    Optional<Instant> nextRotationDate,
    Optional<Instant> lastRotationDate) {
  public RotationStatus {
    Objects.requireNonNull(keyArn, "keyArn");
    Objects.requireNonNull(rotationPeriodInDays, "rotationPeriodInDays");
    Objects.requireNonNull(nextRotationDate, "nextRotationDate");
    Objects.requireNonNull(lastRotationDate, "lastRotationDate");
  }
}
