package dev.coffer.engine.internal.ops;

import dev.coffer.engine.ByteRange;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.internal.EngineCore;
import dev.coffer.engine.internal.crypto.ObjectAad;
import dev.coffer.engine.internal.crypto.ObjectKeys;
import dev.coffer.engine.internal.crypto.SegmentedAead;
import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.engine.internal.store.EngineDb.Family;
import dev.coffer.engine.internal.store.Keys;
import dev.coffer.engine.internal.store.Records;
import dev.coffer.format.v1.BucketRecord;
import dev.coffer.format.v1.EncryptionScheme;
import dev.coffer.format.v1.ObjectMetadata;
import dev.coffer.format.v1.ObjectRecord;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.InvalidCiphertextException;
import dev.coffer.keystore.KeystoreUnavailableException;
import dev.coffer.keystore.NotFoundException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GetObject and HeadObject. Head reads the record and the sealed metadata only: no object data is
 * decrypted and the keystore is not called. Get checks the expected context, obtains the data key
 * through the key layer, checks the key commitment, and returns a stream that decrypts the needed
 * segments from a snapshot.
 */
public final class ObjectReader {
  private static final ByteRange WHOLE = ByteRange.from(0);

  private final EngineCore core;

  public ObjectReader(EngineCore core) {
    this.core = core;
  }

  public ObjectContent get(Caller caller, GetObjectRequest request) {
    return EngineOperation.run(core, caller, "GetObject", true, op -> open(op, request));
  }

  /**
   * Authorizes and opens an object for reading (CopyObject reads its source through this, having
   * named its destination as the operation's bucket and key already).
   */
  public ObjectContent open(EngineOperation op, GetObjectRequest request) {
    op.parameterIfAbsent("bucket", request.bucket()).parameterIfAbsent("key", request.key());
    EngineDb.ReadView view = core.db().snapshot();
    try {
      ObjectRecord record = authorizedRecord(op, request.bucket(), request.key(), view);
      EncryptionContext stored = EncryptionContext.of(record.getEncryptionContextMap());
      op.context(stored);
      if (request.expectedContext().isPresent()) {
        EncryptionContext expected = request.expectedContext().get();
        String arn = stored.asMap().get(ObjectKeys.ARN_CONTEXT_KEY);
        if (!expected.with(ObjectKeys.ARN_CONTEXT_KEY, arn).equals(stored)) {
          // Both sets, each named: one set alone read as the expected one, not as the object's.
          Map<String, String> own = new LinkedHashMap<>(stored.asMap());
          own.remove(ObjectKeys.ARN_CONTEXT_KEY);
          throw new InvalidCiphertextException(
              "the object's encryption context differs from the expected one: expected "
                  + expected
                  + ", the object's is "
                  + own
                  + " (besides "
                  + ObjectKeys.ARN_CONTEXT_KEY
                  + ")");
        }
      }
      byte[] versionId = record.getVersionId().toByteArray();
      ObjectMetadata metadata =
          core.metadata().open(record.getSealedMetadata().toByteArray(), versionId);
      byte[] aad = ObjectAad.of(record.getBucket(), record.getKey(), versionId, stored);
      long size = record.getSize();
      ByteRange range = request.range().orElse(WHOLE);
      long first = range.start(size);
      long end = range.end(size);
      // Started before the data key is unwrapped, so that it gets that much of a head start.
      core.cryptoWarmup().forObjectOf(end - first);
      byte[] dataKey = core.objectKeys().forGet(op, record, stored, aad);
      SegmentedAead aead;
      try {
        aead = SegmentedAead.forDecryption(dataKey, aad, record.getKeyCommitment().toByteArray());
      } finally {
        Arrays.fill(dataKey, (byte) 0);
      }
      if (range.startsBeyond(size)) {
        throw new InvalidArgumentException(
            "range starts at " + first + " but the object has " + size + " bytes (InvalidRange)");
      }
      op.parameter("bytesReturned", Long.toString(end - first));
      SegmentStream stream =
          new SegmentStream(
              op,
              view,
              versionId,
              record.getInlineSegment().isEmpty() ? null : record.getInlineSegment().toByteArray(),
              aead,
              record.getSegmentSize(),
              record.getSegmentCount(),
              size,
              first,
              end);
      if (size == 0) {
        // Nothing will be read, but the one (empty) segment is opened all the same: a record
        // whose size was altered to 0 must not pass for an empty object.
        stream.openSegment(0);
      } else if (!record.getInlineSegment().isEmpty()) {
        // A small object kept in its record is authenticated inside the operation, so that its
        // damage fails the GetObject and its record (it costs nothing: the bytes are at hand and
        // few). A larger object's segments are not: that would put up to a segment's decryption
        // on the sidecar's transport thread; their failures get a record of their own.
        stream.openSegment(0);
      }
      // forGet named the version the data key was really under (a bucket key's current one).
      return new ObjectContent(
          info(record, op.keyVersion(), metadata, stored), stream, first, end - first);
    } catch (RuntimeException e) {
      view.close();
      throw e;
    }
  }

  public ObjectInfo head(Caller caller, String bucket, String key) {
    return EngineOperation.run(
        core,
        caller,
        "HeadObject",
        true,
        op -> {
          op.parameter("bucket", bucket).parameter("key", key);
          ObjectKeyRules.valid(key);
          try (EngineDb.ReadView view = core.db().snapshot()) {
            ObjectRecord record = authorizedRecord(op, bucket, key, view);
            int version = core.records().keyVersion(record);
            op.key(record.getKmsKeyArn(), version);
            EncryptionContext context = EncryptionContext.of(record.getEncryptionContextMap());
            op.context(context);
            return info(
                record,
                version,
                core.metadata()
                    .open(
                        record.getSealedMetadata().toByteArray(),
                        record.getVersionId().toByteArray()),
                context);
          }
        });
  }

  private ObjectRecord authorizedRecord(
      EngineOperation op, String bucket, String key, EngineDb.ReadView view) {
    BucketRecord bucketRecord = BucketOperations.existing(core, bucket);
    core.access()
        .authorize(
            op,
            "s3:GetObject",
            EngineCore.objectArn(bucket, key),
            core.bucketPolicies().policyOf(bucketRecord),
            Map.of());
    byte[] raw = view.get(Family.OBJECTS, Keys.object(bucket, key));
    if (raw == null) {
      requireListBucket(core, op, bucket, bucketRecord);
      throw new NotFoundException("object " + bucket + "/" + key + " does not exist (NoSuchKey)");
    }
    ObjectRecord record = Records.parseObject(raw, bucket + "/" + key);
    if (record.getScheme() != EncryptionScheme.ENCRYPTION_SCHEME_AES256_GCM_SEGMENTED_V1
        || record.getSegmentSize() < SegmentedAead.MIN_SEGMENT_SIZE
        || record.getSegmentSize() > SegmentedAead.MAX_SEGMENT_SIZE
        || record.getSegmentCount()
            != SegmentedAead.segmentCount(record.getSize(), record.getSegmentSize())
        || !record.getBucket().equals(bucket)
        || !record.getKey().equals(key)) {
      throw new KeystoreUnavailableException(
          ErrorCode.INTEGRITY_FAILURE,
          "object " + bucket + "/" + key + " has a record this Coffer refuses to read");
    }
    return record;
  }

  /**
   * As S3: only a caller who may list the bucket learns that a key does not exist; anyone else gets
   * AccessDenied, as for a key they may not read.
   */
  static void requireListBucket(
      EngineCore core, EngineOperation op, String bucket, BucketRecord bucketRecord) {
    core.access()
        .authorize(
            op,
            "s3:ListBucket",
            EngineCore.bucketArn(bucket),
            core.bucketPolicies().policyOf(bucketRecord),
            Map.of());
  }

  static ObjectInfo info(
      ObjectRecord r, int kmsKeyVersion, ObjectMetadata metadata, EncryptionContext context) {
    return new ObjectInfo(
        r.getBucket(),
        r.getKey(),
        HexFormat.of().formatHex(r.getVersionId().toByteArray()),
        r.getSize(),
        r.getEtag(),
        Instant.ofEpochMilli(r.getLastModifiedEpochMillis()),
        metadata.getContentType(),
        metadata.getUserMetadataMap(),
        "aws:kms",
        r.getKmsKeyArn(),
        kmsKeyVersion,
        r.hasBucketKey(),
        context);
  }
}
