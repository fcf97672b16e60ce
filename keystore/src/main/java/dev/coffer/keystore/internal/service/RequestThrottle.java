package dev.coffer.keystore.internal.service;

import dev.coffer.keystore.ThrottleLimits;
import dev.coffer.keystore.ThrottlingException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request quotas for cryptographic operations, per key and over the whole keystore, as KMS's shared
 * cryptographic-operation quotas. Off unless configured.
 */
final class RequestThrottle {
  private final Optional<ThrottleLimits> perKey;
  private final Optional<TokenBucket> overall;
  private final ConcurrentHashMap<UUID, TokenBucket> keyBuckets = new ConcurrentHashMap<>();
  private final Clock clock;
  private final ResourceNames names;

  RequestThrottle(
      Optional<ThrottleLimits> perKey,
      Optional<ThrottleLimits> overall,
      Clock clock,
      ResourceNames names) {
    this.perKey = perKey;
    this.clock = clock;
    this.names = names;
    this.overall = overall.map(l -> new TokenBucket(l, nanos()));
  }

  /**
   * Takes one request from the quotas that apply to {@code keyId}.
   *
   * @throws ThrottlingException if a quota is exhausted
   */
  void acquire(UUID keyId) {
    if (overall.isEmpty() && perKey.isEmpty()) {
      return;
    }
    long now = nanos();
    if (overall.isPresent() && !overall.get().tryAcquire(now)) {
      throw new ThrottlingException("rate exceeded for this keystore; retry later");
    }
    if (perKey.isPresent()
        && !keyBuckets
            .computeIfAbsent(keyId, id -> new TokenBucket(perKey.get(), now))
            .tryAcquire(now)) {
      throw new ThrottlingException("rate exceeded for " + names.keyArn(keyId) + "; retry later");
    }
  }

  private long nanos() {
    Instant i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
