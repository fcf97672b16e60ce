package dev.coffer.keystore;

import java.time.Instant;
import java.util.Objects;

/** One entry of ListKeyRotations: a version that a rotation created, when, and why. */
public record KeyRotation(String keyArn, int version, Instant rotationDate, VersionOrigin type) {
  public KeyRotation {
    Objects.requireNonNull(keyArn, "keyArn");
    Objects.requireNonNull(rotationDate, "rotationDate");
    Objects.requireNonNull(type, "type");
  }
}
