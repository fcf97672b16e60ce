package dev.coffer.engine.internal.store;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.coffer.engine.internal.store.EngineDb.Family;
import dev.coffer.format.v1.BucketKeyRecord;
import dev.coffer.format.v1.BucketRecord;
import dev.coffer.format.v1.EngineMeta;
import dev.coffer.format.v1.ObjectRecord;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeystoreUnavailableException;
import java.util.Optional;

/**
 * Typed reads of the engine's records. A record that does not parse, or of a format version this
 * engine does not know, is corruption: reported, never guessed at.
 */
public final class Records {
  public static final int FORMAT_VERSION = 1;

  /**
   * The object record format that keeps a one-segment object's sealed data in the record ({@code
   * ObjectRecord.inline_segment}) instead of a chunks row. Records of {@link #FORMAT_VERSION} still
   * read; an older Coffer refuses a version 2 record by its version rather than miss its data.
   */
  public static final int OBJECT_FORMAT_INLINE = 2;

  public static final byte[] META_ROW = Keys.meta("engine");

  private final EngineDb db;
  private final BucketRecordCache buckets = new BucketRecordCache();

  public Records(EngineDb db) {
    this.db = db;
  }

  public Optional<BucketRecord> bucket(String name) {
    return buckets.get(name, this::readBucket);
  }

  /** Writes a bucket's record; later reads through this instance see it. */
  public void putBucket(BucketRecord record) {
    try (EngineDb.Batch b = db.batch()) {
      b.put(Family.BUCKETS, Keys.bucket(record.getName()), record.toByteArray()).commit();
    } finally {
      buckets.invalidate(record.getName());
    }
  }

  public void deleteBucket(String name) {
    try (EngineDb.Batch b = db.batch()) {
      b.delete(Family.BUCKETS, Keys.bucket(name)).commit();
    } finally {
      buckets.invalidate(name);
    }
  }

  private Optional<BucketRecord> readBucket(String name) {
    byte[] raw = db.get(Family.BUCKETS, Keys.bucket(name));
    if (raw == null) {
      return Optional.empty();
    }
    try {
      BucketRecord r = BucketRecord.parseFrom(raw);
      checkVersion(r.getFormatVersion(), "bucket " + name);
      return Optional.of(r);
    } catch (InvalidProtocolBufferException e) {
      throw corrupt("bucket " + name);
    }
  }

  public Optional<ObjectRecord> object(String bucket, String key) {
    byte[] raw = db.get(Family.OBJECTS, Keys.object(bucket, key));
    return raw == null ? Optional.empty() : Optional.of(parseObject(raw, bucket + "/" + key));
  }

  public static ObjectRecord parseObject(byte[] raw, String what) {
    try {
      ObjectRecord r = ObjectRecord.parseFrom(raw);
      boolean inline = !r.getInlineSegment().isEmpty();
      if (r.getFormatVersion() == OBJECT_FORMAT_INLINE) {
        if (!inline || r.getSegmentCount() != 1) {
          throw corrupt("object " + what);
        }
      } else if (r.getFormatVersion() != FORMAT_VERSION) {
        throw new KeystoreUnavailableException(
            ErrorCode.INTEGRITY_FAILURE,
            "object "
                + what
                + " has format version "
                + r.getFormatVersion()
                + "; this Coffer reads versions "
                + FORMAT_VERSION
                + " and "
                + OBJECT_FORMAT_INLINE);
      } else if (inline) {
        throw corrupt("object " + what);
      }
      return r;
    } catch (InvalidProtocolBufferException e) {
      throw corrupt("object " + what);
    }
  }

  /**
   * The master-key version an object's key is under now. For an object under a bucket key that is
   * its bucket key's version: a rewrap moves the bucket key alone, and the version written in the
   * object's record is the one it had when the object was written.
   */
  public int keyVersion(ObjectRecord r) {
    if (!r.hasBucketKey()) {
      return r.getKmsKeyVersion();
    }
    return bucketKey(r.getBucketKey().getBucketKeyId().toByteArray())
        .map(BucketKeyRecord::getKmsKeyVersion)
        .orElse(r.getKmsKeyVersion());
  }

  public Optional<BucketKeyRecord> bucketKey(byte[] id) {
    byte[] raw = db.get(Family.BUCKET_KEYS, id);
    if (raw == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(BucketKeyRecord.parseFrom(raw));
    } catch (InvalidProtocolBufferException e) {
      throw corrupt("bucket key");
    }
  }

  public Optional<EngineMeta> meta() {
    byte[] raw = db.get(Family.META, META_ROW);
    if (raw == null) {
      return Optional.empty();
    }
    try {
      EngineMeta m = EngineMeta.parseFrom(raw);
      checkVersion(m.getFormatVersion(), "engine metadata");
      return Optional.of(m);
    } catch (InvalidProtocolBufferException e) {
      throw corrupt("engine metadata");
    }
  }

  public void putMeta(EngineMeta meta) {
    try (EngineDb.Batch b = db.batch()) {
      b.put(Family.META, META_ROW, meta.toByteArray()).commit();
    }
  }

  private static void checkVersion(int version, String what) {
    if (version != FORMAT_VERSION) {
      throw new KeystoreUnavailableException(
          ErrorCode.INTEGRITY_FAILURE,
          what
              + " has format version "
              + version
              + "; this Coffer reads version "
              + FORMAT_VERSION);
    }
  }

  private static KeystoreUnavailableException corrupt(String what) {
    return new KeystoreUnavailableException(
        ErrorCode.INTEGRITY_FAILURE, what + " record is damaged");
  }
}
