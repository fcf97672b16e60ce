package dev.coffer.keystore.internal.service;

import dev.coffer.keystore.internal.model.KeyVersion;
import dev.coffer.keystore.internal.model.MasterKey;
import dev.coffer.keystore.internal.store.StateStore;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts encryptions per key version, persistently and without a write per encryption: the store
 * records a reservation, and a version may encrypt up to its reservation before the next block is
 * reserved (one write per block). After a restart every reserved encryption counts as used, so a
 * crash can only overcount, by at most one block, never undercount.
 */
final class UsageCounters {
  private record VersionId(UUID keyId, int version) {}

  private static final class Counter {
    final AtomicLong used;
    volatile long reserved;

    Counter(long reserved) {
      this.used = new AtomicLong(reserved);
      this.reserved = reserved;
    }
  }

  private final ConcurrentHashMap<VersionId, Counter> counters = new ConcurrentHashMap<>();
  private final StateStore store;
  private final long block;
  private final long threshold;

  UsageCounters(StateStore store, long block, long threshold) {
    this.store = store;
    this.block = block;
    this.threshold = threshold;
  }

  long threshold() {
    return threshold;
  }

  /**
   * Counts one encryption by {@code version} of {@code key}, reserving a new block first if the
   * current one is used up.
   *
   * @return the version's count including this encryption
   */
  long recordEncryption(MasterKey key, KeyVersion version) {
    Counter c =
        counters.computeIfAbsent(
            new VersionId(key.id(), version.number()),
            id -> new Counter(version.encryptionsReserved()));
    long n = c.used.incrementAndGet();
    if (n > c.reserved) {
      reserveThrough(key.id(), version.number(), c, n);
    }
    return n;
  }

  /** The count of a version: live if it has been used since open, else its reservation. */
  long count(UUID keyId, KeyVersion version) {
    Counter c = counters.get(new VersionId(keyId, version.number()));
    return c == null ? version.encryptionsReserved() : c.used.get();
  }

  private void reserveThrough(UUID keyId, int version, Counter c, long needed) {
    synchronized (c) {
      if (needed <= c.reserved) {
        return;
      }
      long target = c.reserved + block;
      while (target < needed) {
        target += block;
      }
      long reserved = target;
      store.update(
          s ->
              s.key(keyId)
                  .filter(k -> k.material().isPresent())
                  .map(k -> s.withKey(k.withReserved(version, reserved)))
                  .orElse(s));
      c.reserved = reserved;
    }
  }
}
