package dev.coffer.keystore;

/**
 * A token-bucket request quota: {@code requestsPerSecond} sustained, bursts up to {@code burst}.
 * Exceeding it raises {@link ThrottlingException}, as KMS's request quotas do.
 */
public record ThrottleLimits(double requestsPerSecond, int burst) {
  public ThrottleLimits {
    if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
      throw new InvalidArgumentException("requestsPerSecond must be a finite number >= 0");
    }
    if (burst < 1) {
      throw new InvalidArgumentException("burst must be at least 1");
    }
  }
}
