package dev.coffer.engine.internal.store;

import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeystoreUnavailableException;
import dev.coffer.keystore.internal.store.PrivateDirectories;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.UInt64AddOperator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The one owner of every native RocksDB handle: the database, its column families and their
 * options. Handles are closed in reverse order of creation. Everything else reads and writes
 * through this class, so no native object leaks elsewhere.
 */
public final class EngineDb implements AutoCloseable {
  /** Column families by purpose (see {@code coffer/format/v1/object.proto}). */
  public enum Family {
    BUCKETS("buckets"),
    OBJECTS("objects"),
    CHUNKS("chunks"),
    BUCKET_KEYS("bucket_keys"),
    JOBS("jobs"),
    META("meta"),
    KEY_COUNTS("key_counts");

    final String rocksName;

    Family(String rocksName) {
      this.rocksName = rocksName;
    }
  }

  static {
    RocksDB.loadLibrary();
  }

  /** Shared by every column family. */
  static final long BLOCK_CACHE_BYTES = 64L << 20;

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final RocksDB db;
  private final Map<Family, ColumnFamilyHandle> families = new EnumMap<>(Family.class);
  private final WriteOptions writeOptions;
  private final WriteOptions unloggedWriteOptions;
  private final FlushOptions waitingFlush;
  private final StorageFaults faults;

  private EngineDb(Path directory, boolean sync, StorageFaults faults) throws RocksDBException {
    this.faults = faults;
    DBOptions options =
        track(new DBOptions())
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setMaxBackgroundJobs(2);
    // Every object read is a point lookup (record, then segments): a Bloom filter per file lets
    // a lookup skip the files that cannot hold its key, and one block cache serves every family.
    BlockBasedTableConfig tables =
        new BlockBasedTableConfig()
            .setFilterPolicy(track(new BloomFilter(10, false)))
            .setBlockCache(track(new LRUCache(BLOCK_CACHE_BYTES)));
    // Ciphertext does not compress: spend no CPU trying.
    ColumnFamilyOptions cfOptions =
        track(new ColumnFamilyOptions())
            .setCompressionType(CompressionType.NO_COMPRESSION)
            .setTableFormatConfig(tables);
    // Counters change by merges, so that a write adjusts them in its own batch without reading
    // them first (two writers' deltas add up instead of one overwriting the other).
    UInt64AddOperator add = track(new UInt64AddOperator());
    ColumnFamilyOptions counterOptions =
        track(new ColumnFamilyOptions())
            .setCompressionType(CompressionType.NO_COMPRESSION)
            .setTableFormatConfig(tables)
            .setMergeOperator(add);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Family f : Family.values()) {
      descriptors.add(
          new ColumnFamilyDescriptor(
              f.rocksName.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
              f == Family.KEY_COUNTS ? counterOptions : cfOptions));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      this.db = RocksDB.open(options, directory.toString(), descriptors, handles);
    } catch (RocksDBException | RuntimeException e) {
      // A refused open (the directory locked by another process) must not leak native options.
      closeHandles();
      throw e;
    }
    toClose.add(db);
    toClose.addAll(handles);
    for (int i = 0; i < Family.values().length; i++) {
      families.put(Family.values()[i], handles.get(i + 1));
    }
    this.writeOptions = track(new WriteOptions()).setSync(sync);
    this.unloggedWriteOptions = track(new WriteOptions()).setDisableWAL(true);
    this.waitingFlush = track(new FlushOptions()).setWaitForFlush(true);
  }

  /**
   * Opens (or creates) the database.
   *
   * @param sync whether every write is fsynced before it is acknowledged (no acknowledged write
   *     lost on power loss); without it, writes survive a process crash but not a power loss
   */
  public static EngineDb open(Path directory, boolean sync) {
    return open(directory, sync, StorageFaults.NONE);
  }

  /** Like {@link #open(Path, boolean)}, with storage faults injected (for tests). */
  public static EngineDb open(Path directory, boolean sync, StorageFaults faults) {
    java.util.Objects.requireNonNull(faults, "faults");
    try {
      PrivateDirectories.create(directory);
      return new EngineDb(directory, sync, faults);
    } catch (RocksDBException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("lock") || message.contains("LOCK")) {
        throw new KeystoreUnavailableException(
            ErrorCode.KEYSTORE_LOCKED,
            "object store " + directory + " is in use by another process");
      }
      throw new KeystoreUnavailableException(
          ErrorCode.STORAGE_FAILURE, "cannot open object store " + directory + ": " + message, e);
    } catch (java.io.IOException e) {
      throw new KeystoreUnavailableException(
          ErrorCode.STORAGE_FAILURE, "cannot create object store directory " + directory, e);
    }
  }

  /**
   * Every native call holds the read side and {@link #close} the write side, so no call runs on
   * freed handles: a stream closed after the store (a sidecar call finishing late) must not crash
   * the JVM. Calls after close fail with a typed error; closing a view or scan then does nothing.
   */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

  private boolean closed; // guarded by lifecycle

  private void enter() {
    if (!enterIfOpen()) {
      throw new KeystoreUnavailableException(ErrorCode.STORAGE_FAILURE, "object store is closed");
    }
  }

  private void exit() {
    lifecycle.readLock().unlock();
  }

  /**
   * Fails with the error a call after {@link #close} gets, without touching the database: for
   * operations that would otherwise meet the closed keystore or audit log first and report that
   * instead.
   */
  public void checkOpen() {
    enter();
    exit();
  }

  /** Whether the store has been closed (its audit log with it). */
  public boolean isClosed() {
    if (!enterIfOpen()) {
      return true;
    }
    exit();
    return false;
  }

  /** Like {@link #enter}, but false instead of an error once closed. */
  private boolean enterIfOpen() {
    lifecycle.readLock().lock();
    if (closed) {
      lifecycle.readLock().unlock();
      return false;
    }
    return true;
  }

  private <T extends AutoCloseable> T track(T handle) {
    toClose.add(handle);
    return handle;
  }

  public byte[] get(Family family, byte[] key) {
    enter();
    try {
      faults.before(StorageFaults.Step.READ, family);
      return db.get(families.get(family), key);
    } catch (RocksDBException e) {
      throw failure("read", e);
    } finally {
      exit();
    }
  }

  /**
   * The sequence number of the newest write readers can see. It grows with every committed write
   * (RocksDB's default write path publishes writes in sequence order), so two equal readings mean
   * nothing was written in between.
   */
  public long sequence() {
    enter();
    try {
      return db.getLatestSequenceNumber();
    } finally {
      exit();
    }
  }

  /** A consistent view of the database as it is now, for reads that span several rows. */
  public ReadView snapshot() {
    return new ReadView();
  }

  /** A batch of writes that commit together, or not at all. */
  public Batch batch() {
    return new Batch();
  }

  /** Iterates keys in [from, to) of one family; {@code to} may be null for "to the end". */
  public Scan scan(Family family, byte[] from, byte[] to) {
    return new Scan(family, from, to);
  }

  public void deleteRange(Family family, byte[] from, byte[] to) {
    enter();
    try {
      faults.before(StorageFaults.Step.DELETE_RANGE, family);
      db.deleteRange(families.get(family), writeOptions, from, to);
    } catch (RocksDBException e) {
      throw failure("delete", e);
    } finally {
      exit();
    }
  }

  /**
   * Writes one family's memtable to a table file and waits until it is durable (RocksDB fsyncs the
   * file and its manifest): what was written to that family by {@link Batch#commitUnlogged} is then
   * as safe as a logged write.
   */
  public void flush(Family family) {
    enter();
    try {
      faults.before(StorageFaults.Step.FLUSH, family);
      db.flush(waitingFlush, families.get(family));
    } catch (RocksDBException e) {
      throw failure("flush", e);
    } finally {
      exit();
    }
  }

  private static KeystoreUnavailableException failure(String what, RocksDBException e) {
    // A checksum that does not hold in a table file is damage to stored data, reported as the
    // integrity failure it is (the CLI's exit 5), not as a disk that cannot be used.
    boolean damaged =
        e.getStatus() != null && e.getStatus().getCode() == org.rocksdb.Status.Code.Corruption;
    return new KeystoreUnavailableException(
        damaged ? ErrorCode.INTEGRITY_FAILURE : ErrorCode.STORAGE_FAILURE,
        "object store " + what + " failed: " + e.getMessage(),
        e);
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      closeHandles();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private void closeHandles() {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (Exception ignored) {
        // Native close does not fail in practice; keep closing the rest.
      }
    }
  }

  /** Writes that commit atomically. Must be closed. */
  public final class Batch implements AutoCloseable {
    private final WriteBatch batch = new WriteBatch();

    public Batch put(Family family, byte[] key, byte[] value) {
      enter();
      try {
        batch.put(families.get(family), key, value);
      } catch (RocksDBException e) {
        throw failure("write", e);
      } finally {
        exit();
      }
      return this;
    }

    /**
     * Adds {@code delta} to a 64-bit counter row (read back as eight little-endian bytes); only for
     * families opened with the add operator.
     */
    public Batch add(Family family, byte[] key, long delta) {
      byte[] operand =
          java.nio.ByteBuffer.allocate(8)
              .order(java.nio.ByteOrder.LITTLE_ENDIAN)
              .putLong(delta)
              .array();
      enter();
      try {
        batch.merge(families.get(family), key, operand);
      } catch (RocksDBException e) {
        throw failure("write", e);
      } finally {
        exit();
      }
      return this;
    }

    public Batch delete(Family family, byte[] key) {
      enter();
      try {
        batch.delete(families.get(family), key);
      } catch (RocksDBException e) {
        throw failure("write", e);
      } finally {
        exit();
      }
      return this;
    }

    public Batch deleteRange(Family family, byte[] from, byte[] to) {
      enter();
      try {
        batch.deleteRange(families.get(family), from, to);
      } catch (RocksDBException e) {
        throw failure("write", e);
      } finally {
        exit();
      }
      return this;
    }

    public int count() {
      return batch.count();
    }

    public void commit() {
      write(writeOptions, StorageFaults.Step.COMMIT);
    }

    /**
     * Commits without the write-ahead log: the writes are visible at once but lost on a crash until
     * {@link EngineDb#flush} of their family returns.
     */
    public void commitUnlogged() {
      write(unloggedWriteOptions, StorageFaults.Step.COMMIT_UNLOGGED);
    }

    private void write(WriteOptions options, StorageFaults.Step step) {
      enter();
      try {
        faults.before(step, null);
        db.write(options, batch);
      } catch (RocksDBException e) {
        throw failure("write", e);
      } finally {
        exit();
      }
    }

    @Override
    public void close() {
      batch.close();
    }
  }

  /** Reads at one point in time, unaffected by later writes. Must be closed. */
  public final class ReadView implements AutoCloseable {
    private final org.rocksdb.Snapshot snapshot;
    private final ReadOptions options;

    private ReadView() {
      enter();
      try {
        this.snapshot = db.getSnapshot();
        this.options = new ReadOptions().setSnapshot(snapshot);
      } finally {
        exit();
      }
    }

    public byte[] get(Family family, byte[] key) {
      enter();
      try {
        faults.before(StorageFaults.Step.READ, family);
        return db.get(families.get(family), options, key);
      } catch (RocksDBException e) {
        throw failure("read", e);
      } finally {
        exit();
      }
    }

    @Override
    public void close() {
      if (!enterIfOpen()) {
        return; // released with the database
      }
      try {
        options.close();
        db.releaseSnapshot(snapshot);
      } finally {
        exit();
      }
    }
  }

  /** A forward iteration over a key range. Must be closed. */
  public final class Scan implements AutoCloseable {
    private final Family family;
    private final ReadOptions options;
    private final Slice upper;
    private final RocksIterator iterator;
    private boolean started;

    private Scan(Family family, byte[] from, byte[] to) {
      this.family = family;
      enter();
      try {
        this.options = new ReadOptions();
        this.upper = to == null ? null : new Slice(to);
        if (upper != null) {
          options.setIterateUpperBound(upper);
        }
        this.iterator = db.newIterator(families.get(family), options);
        iterator.seek(from);
      } finally {
        exit();
      }
    }

    /**
     * Moves to the next entry; false at the end of the range.
     *
     * @throws KeystoreUnavailableException if the entries cannot be read
     */
    public boolean next() {
      enter();
      try {
        if (started) {
          iterator.next();
        }
        started = true;
        if (!iterator.isValid()) {
          // An iterator also stops at an I/O error or a damaged block: only its status tells that
          // from the end of the range, and a scan cut short must not pass for a complete one.
          iterator.status();
          return false;
        }
        faults.before(StorageFaults.Step.SCAN, family);
        return true;
      } catch (RocksDBException e) {
        throw failure("read", e);
      } finally {
        exit();
      }
    }

    public byte[] key() {
      enter();
      try {
        return iterator.key();
      } finally {
        exit();
      }
    }

    public byte[] value() {
      enter();
      try {
        return iterator.value();
      } finally {
        exit();
      }
    }

    @Override
    public void close() {
      if (!enterIfOpen()) {
        return; // freed with the database
      }
      try {
        iterator.close();
        options.close();
        if (upper != null) {
          upper.close();
        }
      } finally {
        exit();
      }
    }
  }
}
