package dev.coffer.engine.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coffer.format.v1.BucketRecord;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BucketRecordCacheTest {
  private final BucketRecordCache cache = new BucketRecordCache();
  private final AtomicReference<BucketRecord> stored = new AtomicReference<>(record("v1"));
  private final AtomicInteger loads = new AtomicInteger();

  private static BucketRecord record(String owner) {
    return BucketRecord.newBuilder().setName("invoices").setOwner(owner).build();
  }

  private Optional<BucketRecord> load(String name) {
    loads.incrementAndGet();
    return Optional.ofNullable(stored.get());
  }

  @Test
  void get_secondTime_doesNotLoadAgain() {
    cache.get("invoices", this::load);
    cache.get("invoices", this::load);

    assertEquals(1, loads.get());
  }

  @Test
  void get_afterInvalidate_loadsTheNewRecord() {
    cache.get("invoices", this::load);
    stored.set(record("v2"));
    cache.invalidate("invoices");

    assertEquals("v2", cache.get("invoices", this::load).orElseThrow().getOwner());
  }

  @Test
  void get_whenAWriteCommitsDuringItsLoad_doesNotKeepTheOldRecord() {
    // The load returns v1, then a writer commits v2 and invalidates before the reader publishes.
    Optional<BucketRecord> first =
        cache.get(
            "invoices",
            name -> {
              Optional<BucketRecord> old = load(name);
              stored.set(record("v2"));
              cache.invalidate(name);
              return old;
            });

    assertEquals("v1", first.orElseThrow().getOwner());
    assertEquals("v2", cache.get("invoices", this::load).orElseThrow().getOwner());
  }

  @Test
  void get_ofMissingBucket_isNotCached() {
    stored.set(null);
    cache.get("invoices", this::load);
    stored.set(record("v1"));

    assertEquals("v1", cache.get("invoices", this::load).orElseThrow().getOwner());
  }

  @Test
  void get_pastTheBound_startsOverAndStillAnswers() {
    for (int i = 0; i <= BucketRecordCache.MAX_ENTRIES; i++) {
      String name = "bucket-" + i;
      cache.get(name, n -> Optional.of(BucketRecord.newBuilder().setName(n).build()));
    }
    assertEquals(
        "bucket-0",
        cache
            .get("bucket-0", n -> Optional.of(BucketRecord.newBuilder().setName(n).build()))
            .orElseThrow()
            .getName());
  }
}
