package dev.coffer.engine.internal.store;

import org.rocksdb.RocksDBException;

/**
 * A test seam in {@link EngineDb}: asked before each storage call that can fail, it may throw what
 * RocksDB throws for a full disk or an I/O error, so tests can see what the engine does when a
 * write or read fails part-way through an operation, with the real database running underneath.
 * Production uses {@link #NONE}.
 */
@FunctionalInterface
public interface StorageFaults {
  /** The storage calls that consult the seam. */
  enum Step {
    /** A batch commit through the write-ahead log. */
    COMMIT(true),
    /** A batch commit without the write-ahead log (segments of large objects). */
    COMMIT_UNLOGGED(true),
    /** A range deletion outside a batch. */
    DELETE_RANGE(true),
    /** A flush of a family's memtable to a table file. */
    FLUSH(true),
    /** A point read, from the database or a snapshot. */
    READ(false),
    /** One step of a scan, before it yields its entry. */
    SCAN(false);

    private final boolean write;

    Step(boolean write) {
      this.write = write;
    }

    public boolean isWrite() {
      return write;
    }
  }

  /** Never fails. */
  StorageFaults NONE = (step, family) -> {};

  /**
   * Called before {@code step}; throwing makes the call fail as if RocksDB had.
   *
   * @param family the family read, scanned, range-deleted or flushed; null for a batch commit,
   *     which may span several
   */
  void before(Step step, EngineDb.Family family) throws RocksDBException;
}
