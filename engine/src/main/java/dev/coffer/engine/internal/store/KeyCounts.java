package dev.coffer.engine.internal.store;

import dev.coffer.engine.internal.store.EngineDb.Family;
import dev.coffer.format.v1.ObjectRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How many objects have their data key wrapped directly under each version of each master key, so
 * that a rewrap can tell without reading a million records that none of them needs it. Objects
 * under a bucket key are not counted: their version is their bucket key's, which the rewrap moves
 * on its own.
 *
 * <p>Every change of an object record adjusts the counts in the batch that changes the record, so a
 * crash keeps both or neither. A store written before the counts existed has none: the first open
 * builds them from one scan, and records in the meta row {@code key-counts} that it did.
 *
 * <p>Rows of {@code key_counts}: key ARN (UTF-8) ‖ 0x00 ‖ version (BE32) → count (eight bytes,
 * little-endian, changed by merges).
 */
public final class KeyCounts {
  static final byte[] BUILT_ROW = Keys.meta("key-counts");
  private static final byte[] BUILT = {1};

  /** One version of one master key. */
  public record Slot(String keyArn, int version) {}

  private final EngineDb db;

  public KeyCounts(EngineDb db) {
    this.db = db;
  }

  /**
   * Adds to {@code batch} the count changes of replacing {@code before} by {@code after}; null for
   * a record created or deleted.
   */
  public static void replace(EngineDb.Batch batch, ObjectRecord before, ObjectRecord after) {
    byte[] from = before == null ? null : row(before);
    byte[] to = after == null ? null : row(after);
    if (from != null && to != null && Arrays.equals(from, to)) {
      return;
    }
    if (from != null) {
      batch.add(Family.KEY_COUNTS, from, -1);
    }
    if (to != null) {
      batch.add(Family.KEY_COUNTS, to, 1);
    }
  }

  /**
   * Count changes gathered over many record changes that commit in one batch, added to it as one
   * merge per slot. A rewrap checkpoint moves 64 records from one version to the next: one merge
   * each way instead of two per record (each merge is a memtable entry, and a read of the counter
   * folds them all).
   */
  public static final class Tally {
    private final Map<Counter, Long> deltas = new HashMap<>();

    /** Like {@link KeyCounts#replace}, into this tally. */
    public void replace(ObjectRecord before, ObjectRecord after) {
      Counter from = counter(before);
      Counter to = counter(after);
      if (from != null && from.equals(to)) {
        return;
      }
      if (from != null) {
        deltas.merge(from, -1L, Long::sum);
      }
      if (to != null) {
        deltas.merge(to, 1L, Long::sum);
      }
    }

    /** Adds the non-zero changes to {@code batch}. */
    public void addTo(EngineDb.Batch batch) {
      deltas.forEach(
          (c, delta) -> {
            if (delta != 0) {
              batch.add(Family.KEY_COUNTS, row(c.keyArn, c.version), delta);
            }
          });
    }

    private static Counter counter(ObjectRecord r) {
      return r == null || r.hasBucketKey()
          ? null
          : new Counter(r.getKmsKeyArn(), r.getKmsKeyVersion());
    }

    /**
     * A counter's slot with plain equals and hashCode. {@link Slot}'s, a record's, go through
     * method handles, and in a cold JVM were two thirds of the tally's time in the rewrap profile.
     */
    private static final class Counter {
      private final String keyArn;
      private final int version;

      Counter(String keyArn, int version) {
        this.keyArn = keyArn;
        this.version = version;
      }

      @Override
      public boolean equals(Object o) {
        return o instanceof Counter c && c.version == version && c.keyArn.equals(keyArn);
      }

      @Override
      public int hashCode() {
        return 31 * keyArn.hashCode() + version;
      }
    }
  }

  /**
   * Objects with a data key wrapped directly under a version of {@code keyArn} below {@code
   * version}; empty if a counter is damaged, and then only a scan can tell.
   */
  public OptionalLong directBelow(String keyArn, int version) {
    long sum = 0;
    try (EngineDb.Scan scan = db.scan(Family.KEY_COUNTS, row(keyArn, 0), row(keyArn, version))) {
      while (scan.next()) {
        long n = value(scan.value());
        if (n < 0) {
          return OptionalLong.empty();
        }
        sum += n;
      }
    }
    return OptionalLong.of(sum);
  }

  /** Every non-zero count as stored (a negative one included: it would be a bug to show). */
  public Map<Slot, Long> stored() {
    Map<Slot, Long> out = new HashMap<>();
    try (EngineDb.Scan scan = db.scan(Family.KEY_COUNTS, new byte[0], null)) {
      while (scan.next()) {
        long n = value(scan.value());
        if (n != 0) {
          out.put(slot(scan.key()), n);
        }
      }
    }
    return out;
  }

  /** The counts as the object records say they are now: what {@link #stored} must equal. */
  public static Map<Slot, Long> scanRecords(EngineDb db) {
    Map<Slot, Long> out = new HashMap<>();
    try (EngineDb.Scan scan = db.scan(Family.OBJECTS, new byte[0], null)) {
      while (scan.next()) {
        ObjectRecord r = Records.parseObject(scan.value(), "in a key count");
        if (!r.hasBucketKey()) {
          out.merge(new Slot(r.getKmsKeyArn(), r.getKmsKeyVersion()), 1L, Long::sum);
        }
      }
    }
    return out;
  }

  /**
   * Builds the counts from the object records if this store has none yet. Only at open, before any
   * write: a write committed during the scan would be counted twice or not at all.
   *
   * @return whether it built them
   */
  public static boolean buildIfAbsent(EngineDb db) {
    if (db.get(Family.META, BUILT_ROW) != null) {
      return false;
    }
    Map<Slot, Long> counts = scanRecords(db);
    try (EngineDb.Batch b = db.batch()) {
      // Left by nothing this engine does, but a count is only right if it starts from nothing.
      try (EngineDb.Scan stale = db.scan(Family.KEY_COUNTS, new byte[0], null)) {
        while (stale.next()) {
          b.delete(Family.KEY_COUNTS, stale.key());
        }
      }
      counts.forEach((slot, n) -> b.add(Family.KEY_COUNTS, row(slot.keyArn(), slot.version()), n));
      b.put(Family.META, BUILT_ROW, BUILT).commit();
    }
    return true;
  }

  private static byte[] row(ObjectRecord r) {
    return r.hasBucketKey() ? null : row(r.getKmsKeyArn(), r.getKmsKeyVersion());
  }

  static byte[] row(String keyArn, int version) {
    byte[] arn = keyArn.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(arn.length + 5).put(arn).put((byte) 0).putInt(version).array();
  }

  private static Slot slot(byte[] row) {
    int arnLength = row.length - 5;
    return new Slot(
        new String(row, 0, arnLength, StandardCharsets.UTF_8),
        ByteBuffer.wrap(row, arnLength + 1, 4).getInt());
  }

  /** A counter's value; a malformed one reads as negative, which callers treat as unknown. */
  private static long value(byte[] raw) {
    if (raw.length != 8) {
      return -1;
    }
    return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
