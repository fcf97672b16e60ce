package dev.coffer.engine.internal.store;

import dev.coffer.engine.internal.store.EngineDb.Family;
import dev.coffer.format.v1.ObjectRecord;

/** Removes the segment rows of a stored object version, in the batch that retires the version. */
public final class ChunkRows {
  /**
   * Versions of up to this many segments lose their rows one delete at a time. A range tombstone is
   * one entry to write, but every later read that falls in a memtable or file holding one must
   * check it, and a store whose small objects are overwritten collects one per overwrite: in a
   * profile of 4 KiB gets after a round of overwrites they were an eighth of the segment read.
   */
  static final int POINT_DELETES_UP_TO = 16;

  private ChunkRows() {}

  public static void delete(EngineDb.Batch batch, ObjectRecord record) {
    if (!record.getInlineSegment().isEmpty()) {
      return; // Format 2 (checked by Records.parseObject): no chunks rows were written.
    }
    byte[] version = record.getVersionId().toByteArray();
    int count = record.getSegmentCount();
    // A count that disagrees with the size is a damaged record: the range removes whatever exists.
    if (count >= 1 && count <= POINT_DELETES_UP_TO && count == expectedCount(record)) {
      for (int i = 0; i < count; i++) {
        batch.delete(Family.CHUNKS, Keys.chunk(version, i));
      }
    } else {
      batch.deleteRange(Family.CHUNKS, Keys.chunk(version, 0), Keys.chunksEnd(version));
    }
  }

  private static long expectedCount(ObjectRecord record) {
    long size = record.getSize();
    int segment = record.getSegmentSize();
    if (segment <= 0 || size < 0) {
      return -1;
    }
    return Math.max(1, (size + segment - 1) / segment);
  }
}
