package dev.coffer.engine.internal;

import dev.coffer.engine.internal.access.BucketAccess;
import dev.coffer.engine.internal.crypto.BucketKeyCache;
import dev.coffer.engine.internal.crypto.MetadataSealer;
import dev.coffer.engine.internal.crypto.ObjectKeys;
import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.engine.internal.store.KeyCounts;
import dev.coffer.engine.internal.store.Records;
import dev.coffer.keystore.Keystore;
import java.time.Clock;

/** What every engine operation shares. */
public final class EngineCore {
  private final EngineDb db;
  private final Records records;
  private final KeyCounts keyCounts;
  private final Keystore keystore;
  private final EngineSettings settings;
  private final BucketKeyCache bucketKeys;
  private final ObjectKeys objectKeys;
  private final BucketAccess access;
  private final dev.coffer.engine.internal.access.BucketPolicyCache bucketPolicies =
      new dev.coffer.engine.internal.access.BucketPolicyCache();
  private final MetadataSealer metadata;
  private final CryptoWarmup cryptoWarmup;
  private final java.util.concurrent.atomic.AtomicLong recordedGeneration;
  private final Object generationLock = new Object();

  public EngineCore(
      EngineDb db, Keystore keystore, EngineSettings settings, MetadataSealer metadata) {
    this.db = db;
    this.records = new Records(db);
    this.keyCounts = new KeyCounts(db);
    this.keystore = keystore;
    this.settings = settings;
    this.metadata = metadata;
    this.cryptoWarmup = new CryptoWarmup(settings.warmUpCrypto());
    this.recordedGeneration = new java.util.concurrent.atomic.AtomicLong(keystore.generation());
    this.bucketKeys =
        new BucketKeyCache(
            keystore, settings.clock(), settings.bucketKeyLifetime(), settings.bucketKeyMaxUses());
    this.objectKeys = new ObjectKeys(this);
    this.access = new BucketAccess(keystore, settings.clock(), settings.account());
  }

  public EngineDb db() {
    return db;
  }

  public Records records() {
    return records;
  }

  public KeyCounts keyCounts() {
    return keyCounts;
  }

  public Keystore keystore() {
    return keystore;
  }

  public EngineSettings settings() {
    return settings;
  }

  public Clock clock() {
    return settings.clock();
  }

  public BucketKeyCache bucketKeys() {
    return bucketKeys;
  }

  public ObjectKeys objectKeys() {
    return objectKeys;
  }

  public BucketAccess access() {
    return access;
  }

  public dev.coffer.engine.internal.access.BucketPolicyCache bucketPolicies() {
    return bucketPolicies;
  }

  public MetadataSealer metadata() {
    return metadata;
  }

  /** The ciphers' background warm-up, for operations to start when an object is large. */
  public CryptoWarmup cryptoWarmup() {
    return cryptoWarmup;
  }

  /**
   * Commits {@code batch}, adding a record of the keystore's generation if it grew since last
   * recorded, so that an older keystore is refused even after a crash (not only after a clean
   * close). The generation counts as recorded only once the batch has committed (claimed any
   * earlier, a failed commit would leave it unrecorded with no later write trying again), and
   * batches that record one commit one at a time, each with the generation current then: two puts
   * that saw generations 5 and 6 cannot commit them in the other order and leave 5 stored. Batches
   * with nothing to record, nearly all of them, take no lock.
   */
  public void commitRecordingKeystoreGeneration(EngineDb.Batch batch) {
    if (keystore.generation() <= recordedGeneration.get()) {
      batch.commit();
      return;
    }
    synchronized (generationLock) {
      long now = keystore.generation();
      boolean grew = now > recordedGeneration.get();
      if (grew) {
        records
            .meta()
            .ifPresent(
                m ->
                    batch.put(
                        EngineDb.Family.META,
                        dev.coffer.engine.internal.store.Records.META_ROW,
                        m.toBuilder().setKeystoreGeneration(now).build().toByteArray()));
      }
      batch.commit();
      if (grew) {
        recordedGeneration.set(now);
      }
    }
  }

  public static String bucketArn(String bucket) {
    return "arn:aws:s3:::" + bucket;
  }

  public static String objectArn(String bucket, String key) {
    return "arn:aws:s3:::" + bucket + "/" + key;
  }
}
