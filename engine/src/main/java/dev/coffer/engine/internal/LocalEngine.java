package dev.coffer.engine.internal;

import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.BucketInfo;
import dev.coffer.engine.CopyObjectRequest;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ListObjectsRequest;
import dev.coffer.engine.ListObjectsResult;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.engine.internal.crypto.MetadataSealer;
import dev.coffer.engine.internal.ops.BucketOperations;
import dev.coffer.engine.internal.ops.DefaultKeys;
import dev.coffer.engine.internal.ops.KeyLocks;
import dev.coffer.engine.internal.ops.ObjectCatalog;
import dev.coffer.engine.internal.ops.ObjectCopier;
import dev.coffer.engine.internal.ops.ObjectReader;
import dev.coffer.engine.internal.ops.ObjectWriter;
import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.engine.internal.store.StorageFaults;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.Keystore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** An engine opened on a data directory: wires the stores to the operation classes. */
public final class LocalEngine implements AutoCloseable {
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Keystore keystore;
  private final EngineDb db;
  private final EngineCore core;
  private final BucketOperations buckets;
  private final ObjectWriter writer;
  private final ObjectReader reader;
  private final ObjectCatalog catalog;
  private final ObjectCopier copier;
  private final dev.coffer.engine.internal.jobs.Rotations rotations;

  private LocalEngine(Keystore keystore, EngineDb db, EngineCore core) {
    this.keystore = keystore;
    this.db = db;
    this.core = core;
    KeyLocks locks = new KeyLocks();
    DefaultKeys defaults =
        new DefaultKeys(keystore, core.settings().account(), core.settings().viaService());
    this.buckets = new BucketOperations(core, defaults);
    this.writer = new ObjectWriter(core, buckets, locks);
    this.reader = new ObjectReader(core);
    this.catalog = new ObjectCatalog(core, locks);
    this.copier = new ObjectCopier(core, reader, writer);
    this.rotations = new dev.coffer.engine.internal.jobs.Rotations(core, locks, reader, writer);
    rotations.start();
  }

  /**
   * Opens the engine's object store in {@code directory} over an open keystore it then owns; {@code
   * faults} is {@link StorageFaults#NONE} but in tests.
   */
  public static LocalEngine open(
      Keystore keystore, Path directory, EngineSettings settings, StorageFaults faults) {
    EngineDb db = null;
    try {
      db = EngineDb.open(directory, settings.syncWrites(), faults);
      MetadataSealer metadata = EngineBootstrap.open(keystore, db, settings);
      return new LocalEngine(keystore, db, new EngineCore(db, keystore, settings, metadata));
    } catch (RuntimeException e) {
      if (db != null) {
        db.close();
      }
      keystore.close();
      throw e;
    }
  }

  public Keystore keystore() {
    return keystore;
  }

  /** How many bucket keys are held unwrapped now (for tests and monitoring). */
  public int cachedBucketKeys() {
    return core.bucketKeys().size();
  }

  public ObjectStore as(Caller caller) {
    return new CallerBoundStore(Objects.requireNonNull(caller, "caller"));
  }

  public dev.coffer.engine.RotationService rotation(Caller caller) {
    return rotations.as(Objects.requireNonNull(caller, "caller"), this::as);
  }

  /** Closing twice is a no-op. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      rotations.close();
      core.bucketKeys().close();
      EngineBootstrap.close(keystore, db);
    } finally {
      db.close();
      keystore.close();
    }
  }

  /** The S3 operations for one caller. */
  private final class CallerBoundStore implements ObjectStore {
    private final Caller caller;

    CallerBoundStore(Caller caller) {
      this.caller = caller;
    }

    @Override
    public Caller caller() {
      return caller;
    }

    @Override
    public BucketInfo createBucket(CreateBucketRequest request) {
      Objects.requireNonNull(request, "request");
      return buckets.create(caller, request);
    }

    @Override
    public List<BucketInfo> listBuckets() {
      return buckets.list(caller);
    }

    @Override
    public void deleteBucket(String bucket) {
      Objects.requireNonNull(bucket, "bucket");
      buckets.delete(caller, bucket);
    }

    @Override
    public BucketEncryption getBucketEncryption(String bucket) {
      Objects.requireNonNull(bucket, "bucket");
      return buckets.getEncryption(caller, bucket);
    }

    @Override
    public void putBucketEncryption(String bucket, BucketEncryption encryption) {
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(encryption, "encryption");
      buckets.putEncryption(caller, bucket, encryption);
    }

    @Override
    public void putBucketPolicy(String bucket, String policy) {
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(policy, "policy");
      buckets.putPolicy(caller, bucket, policy);
    }

    @Override
    public Optional<String> getBucketPolicy(String bucket) {
      Objects.requireNonNull(bucket, "bucket");
      return buckets.getPolicy(caller, bucket);
    }

    @Override
    public void deleteBucketPolicy(String bucket) {
      Objects.requireNonNull(bucket, "bucket");
      buckets.deletePolicy(caller, bucket);
    }

    @Override
    public void putBucketTagging(String bucket, Map<String, String> tags) {
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(tags, "tags");
      buckets.putTagging(caller, bucket, tags);
    }

    @Override
    public Map<String, String> getBucketTagging(String bucket) {
      Objects.requireNonNull(bucket, "bucket");
      return buckets.getTagging(caller, bucket);
    }

    @Override
    public ObjectInfo putObject(PutObjectRequest request, byte[] data) {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(data, "data");
      return writer.put(caller, request, new ByteArrayInputStream(data));
    }

    @Override
    public ObjectInfo putObject(PutObjectRequest request, InputStream data) {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(data, "data");
      return writer.put(caller, request, data);
    }

    @Override
    public ObjectContent getObject(GetObjectRequest request) {
      Objects.requireNonNull(request, "request");
      return reader.get(caller, request);
    }

    @Override
    public ObjectInfo headObject(String bucket, String key) {
      Objects.requireNonNull(bucket, "bucket");
      // The key is checked inside the operation, so a refused key is on the audit trail.
      return reader.head(caller, bucket, Objects.requireNonNull(key, "key"));
    }

    @Override
    public void deleteObject(String bucket, String key) {
      Objects.requireNonNull(bucket, "bucket");
      catalog.delete(caller, bucket, Objects.requireNonNull(key, "key"));
    }

    @Override
    public ListObjectsResult listObjects(ListObjectsRequest request) {
      Objects.requireNonNull(request, "request");
      return catalog.list(caller, request);
    }

    @Override
    public ObjectInfo copyObject(CopyObjectRequest request) {
      Objects.requireNonNull(request, "request");
      return copier.copy(caller, request);
    }

    @Override
    public String toString() {
      return "ObjectStore[" + caller.principal() + "]";
    }
  }
}
