package dev.coffer.engine.internal.store;

import dev.coffer.format.v1.BucketRecord;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Parsed bucket records by name. Nearly every object operation reads its bucket's record (default
 * encryption, policy), and reading and parsing it from RocksDB each time cost a sixth of a 4 KiB
 * get. Writers call {@link #invalidate} once their batch has committed. A reader that loaded a
 * record before such a commit must not leave it cached: it publishes first, then compares the write
 * counter it saw before loading, and withdraws its entry if a write came in between (the writer
 * counts before it removes, so one of the two always clears a stale entry).
 */
final class BucketRecordCache {
  /** Past this many buckets the cache starts over rather than track recency. */
  static final int MAX_ENTRIES = 4096;

  private final ConcurrentHashMap<String, BucketRecord> byName = new ConcurrentHashMap<>();
  private final AtomicLong writes = new AtomicLong();

  Optional<BucketRecord> get(String name, Function<String, Optional<BucketRecord>> load) {
    BucketRecord cached = byName.get(name);
    if (cached != null) {
      return Optional.of(cached);
    }
    long seen = writes.get();
    Optional<BucketRecord> loaded = load.apply(name);
    if (loaded.isPresent()) {
      if (byName.size() >= MAX_ENTRIES) {
        byName.clear();
      }
      byName.put(name, loaded.get());
      if (writes.get() != seen) {
        byName.remove(name, loaded.get());
      }
    }
    return loaded;
  }

  /** After a write of bucket {@code name} committed (or failed: dropping an entry is harmless). */
  void invalidate(String name) {
    writes.incrementAndGet();
    byName.remove(name);
  }
}
