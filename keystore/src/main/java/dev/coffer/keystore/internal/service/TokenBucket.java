package dev.coffer.keystore.internal.service;

import dev.coffer.keystore.ThrottleLimits;

/** A token bucket on a caller-supplied nanosecond clock, so tests can freeze time. */
final class TokenBucket {
  private final double tokensPerNano;
  private final double capacity;
  private double tokens;
  private long last;

  TokenBucket(ThrottleLimits limits, long nowNanos) {
    this.tokensPerNano = limits.requestsPerSecond() / 1e9;
    this.capacity = limits.burst();
    this.tokens = capacity;
    this.last = nowNanos;
  }

  synchronized boolean tryAcquire(long nowNanos) {
    if (nowNanos > last) {
      tokens = Math.min(capacity, tokens + (nowNanos - last) * tokensPerNano);
      last = nowNanos;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
