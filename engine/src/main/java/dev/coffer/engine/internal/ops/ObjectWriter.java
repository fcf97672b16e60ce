package dev.coffer.engine.internal.ops;

import com.google.crypto.tink.subtle.Random;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.engine.internal.EngineCore;
import dev.coffer.engine.internal.EngineSettings;
import dev.coffer.engine.internal.crypto.ObjectAad;
import dev.coffer.engine.internal.crypto.ObjectKeys;
import dev.coffer.engine.internal.crypto.SegmentedAead;
import dev.coffer.engine.internal.store.ChunkRows;
import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.engine.internal.store.EngineDb.Family;
import dev.coffer.engine.internal.store.KeyCounts;
import dev.coffer.engine.internal.store.Keys;
import dev.coffer.engine.internal.store.Records;
import dev.coffer.format.v1.BucketRecord;
import dev.coffer.format.v1.EncryptionScheme;
import dev.coffer.format.v1.ObjectMetadata;
import dev.coffer.format.v1.ObjectRecord;
import dev.coffer.format.v1.PendingUpload;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeystoreUnavailableException;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.PreconditionFailedException;
import dev.coffer.keystore.policy.PolicyDocument;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PutObject. The data is read one segment ahead (so the last segment is known when it is sealed)
 * and never held whole: memory stays at about two segments plus one write batch. A single-segment
 * object's record and ciphertext commit in one batch; one of at most {@link
 * EngineSettings#inlineObjectBytes} keeps its sealed segment in the record itself (record format
 * version 2), so that a get reads one row instead of two. A larger object's segments are written
 * under a fresh version id behind a pending-upload marker and become visible only when the batch
 * holding its record (and removing the marker and the previous version's segments) commits; a crash
 * before that leaves segments that the next open deletes.
 *
 * <p>Segments past the first {@link EngineSettings#loggedSegmentBytes} of an object are written
 * without RocksDB's write-ahead log: each byte is then written once (to a table file) instead of
 * twice, and the log's checksum, which this RocksDB build computes without the CPU's CRC
 * instruction, is skipped. The segment family is flushed (RocksDB fsyncs the table file and its
 * manifest) before the record commits, so an acknowledged object is as durable as with the log; a
 * crash before the flush loses only segments of an object that is not yet visible.
 */
public final class ObjectWriter {
  /** Segments per write batch for large objects: bounds batch memory (4 MiB at 1 MiB segments). */
  private static final int SEGMENTS_PER_BATCH = 4;

  private final EngineCore core;
  private final BucketOperations buckets;
  private final KeyLocks locks;
  private final WritesInFlight inFlight = new WritesInFlight();

  public ObjectWriter(EngineCore core, BucketOperations buckets, KeyLocks locks) {
    this.core = core;
    this.buckets = buckets;
    this.locks = locks;
  }

  public ObjectInfo put(Caller caller, PutObjectRequest request, InputStream data) {
    return EngineOperation.run(
        core,
        caller,
        "PutObject",
        false,
        op -> write(op, request, data, Optional.empty(), Optional.empty(), Map.of()));
  }

  /**
   * Writes {@code current}'s object again with a fresh data key (a deep re-encryption), keeping its
   * key, bucket-key setting, context and metadata. Returns false, writing nothing, if the object
   * was overwritten or deleted meanwhile.
   */
  public boolean rewrite(
      EngineOperation op, ObjectRecord current, InputStream data, ObjectMetadata metadata) {
    Map<String, String> pairs = new java.util.HashMap<>(current.getEncryptionContextMap());
    pairs.remove(ObjectKeys.ARN_CONTEXT_KEY);
    PutObjectRequest request =
        PutObjectRequest.builder(current.getBucket(), current.getKey())
            .kmsKeyId(current.getKmsKeyArn())
            .bucketKeyEnabled(current.hasBucketKey())
            .encryptionContext(EncryptionContext.of(pairs))
            .build();
    try {
      write(
          op, request, data, Optional.of(metadata), Optional.of(current.getVersionId()), Map.of());
      return true;
    } catch (VersionChanged e) {
      return false;
    }
  }

  /** The object changed between reading it and committing its rewrite. */
  private static final class VersionChanged extends RuntimeException {
    private static final long serialVersionUID = 1L;

    VersionChanged() {
      super("object changed during its rewrite", null, false, false);
    }
  }

  /** The writes under way, for rotation jobs to wait for those begun before them. */
  public WritesInFlight writesInFlight() {
    return inFlight;
  }

  /**
   * Authorizes and writes one object; {@code metadata} replaces the request's content type and user
   * metadata (CopyObject's COPY directive keeps the source's); {@code copyConditionKeys} are the
   * condition keys only a copy's s3:PutObject check has.
   */
  ObjectInfo write(
      EngineOperation op,
      PutObjectRequest request,
      InputStream data,
      Optional<ObjectMetadata> metadata,
      Optional<ByteString> replacing,
      Map<String, List<String>> copyConditionKeys) {
    // From before the bucket's default key is read until the commit: see WritesInFlight.
    long ticket = inFlight.begin();
    try {
      return writeInFlight(op, request, data, metadata, replacing, copyConditionKeys);
    } finally {
      inFlight.end(ticket);
    }
  }

  private ObjectInfo writeInFlight(
      EngineOperation op,
      PutObjectRequest request,
      InputStream data,
      Optional<ObjectMetadata> metadata,
      Optional<ByteString> replacing,
      Map<String, List<String>> copyConditionKeys) {
    String bucket = request.bucket();
    String key = request.key();
    op.parameter("bucket", bucket).parameter("key", key);
    if (request.ifNoneMatch()) {
      op.parameter("ifNoneMatch", "*");
    }
    request.ifMatch().ifPresent(etag -> op.parameter("ifMatch", etag));
    BucketRecord bucketRecord = BucketOperations.existing(core, bucket);
    String objectArn = EngineCore.objectArn(bucket, key);
    Optional<PolicyDocument> bucketPolicy = core.bucketPolicies().policyOf(bucketRecord);
    Map<String, List<String>> conditionKeys = conditionKeys(request);
    conditionKeys.putAll(copyConditionKeys);
    core.access().authorize(op, "s3:PutObject", objectArn, bucketPolicy, conditionKeys);
    if (request.ifNoneMatch() || request.ifMatch().isPresent()) {
      Optional<ObjectRecord> current = core.records().object(bucket, key);
      if (request.ifMatch().isPresent()) {
        // As S3: If-Match reveals the current version, so it also needs s3:GetObject, and
        // learning that the key is missing needs s3:ListBucket, as for a get.
        core.access().authorize(op, "s3:GetObject", objectArn, bucketPolicy, Map.of());
        if (current.isEmpty()) {
          ObjectReader.requireListBucket(core, op, bucket, bucketRecord);
        }
      }
      // Checked now so that a put bound to fail does not read and encrypt its data first;
      // checked again, atomically, when the object commits.
      checkCondition(request, current);
    }
    String keyArn =
        buckets.resolveKey(
            request.kmsKeyId().orElse(bucketRecord.getDefaultEncryption().getKmsKeyArn()));
    boolean bucketKey =
        request
            .bucketKeyEnabled()
            .orElse(bucketRecord.getDefaultEncryption().getBucketKeyEnabled());
    byte[] versionId = Random.randBytes(ObjectAad.VERSION_ID_LENGTH);
    EncryptionContext context =
        ObjectKeys.context(bucket, key, bucketKey, request.encryptionContext());
    op.context(context);
    byte[] aad = ObjectAad.of(bucket, key, versionId, context);
    // A stream that says how much it holds (a file's does) starts the warm-up before the data key
    // is made, for that much of a head start; any other once it has yielded that much, in store.
    core.cryptoWarmup().forObjectOf(available(data));
    ObjectKeys.NewObjectKey dataKey =
        core.objectKeys().forPut(op, bucket, keyArn, bucketKey, context, aad);
    SegmentedAead aead;
    try {
      aead = SegmentedAead.forEncryption(dataKey.dataKey(), aad);
    } finally {
      Arrays.fill(dataKey.dataKey(), (byte) 0);
    }
    ObjectMetadata meta =
        metadata.orElseGet(
            () ->
                ObjectMetadata.newBuilder()
                    .setContentType(request.contentType())
                    .putAllUserMetadata(request.userMetadata())
                    .build());
    ObjectRecord.Builder record =
        dataKey
            .reference()
            .setFormatVersion(Records.FORMAT_VERSION)
            .setBucket(bucket)
            .setKey(key)
            .setVersionId(ByteString.copyFrom(versionId))
            .setKmsKeyArn(keyArn)
            .setKmsKeyVersion(dataKey.keyVersion())
            .setScheme(EncryptionScheme.ENCRYPTION_SCHEME_AES256_GCM_SEGMENTED_V1)
            .setSegmentSize(core.settings().segmentSize())
            .putAllEncryptionContext(context.asMap())
            .setKeyCommitment(ByteString.copyFrom(aead.commitment()))
            .setSealedMetadata(ByteString.copyFrom(core.metadata().seal(meta, versionId)))
            .setEtag(etag(versionId, aead.commitment()));
    ObjectRecord committed = store(record, aead, data, request, replacing);
    op.parameter("versionId", HexFormat.of().formatHex(versionId));
    return ObjectReader.info(committed, committed.getKmsKeyVersion(), meta, context);
  }

  private static Map<String, List<String>> conditionKeys(PutObjectRequest request) {
    Map<String, List<String>> keys = new java.util.HashMap<>();
    if (request.sseKmsRequested()) {
      keys.put("s3:x-amz-server-side-encryption", List.of("aws:kms"));
    }
    request
        .kmsKeyId()
        .ifPresent(k -> keys.put("s3:x-amz-server-side-encryption-aws-kms-key-id", List.of(k)));
    // S3's condition keys for conditional writes, so a bucket policy can require them.
    if (request.ifNoneMatch()) {
      keys.put("s3:if-none-match", List.of("*"));
    }
    request.ifMatch().ifPresent(etag -> keys.put("s3:if-match", List.of(etag)));
    return keys;
  }

  /** Encrypts and stores the data, then commits the record; returns the committed record. */
  private ObjectRecord store(
      ObjectRecord.Builder record,
      SegmentedAead aead,
      InputStream data,
      PutObjectRequest request,
      Optional<ByteString> replacing) {
    int segmentSize = record.getSegmentSize();
    byte[] versionId = record.getVersionId().toByteArray();
    SegmentBuffer current = new SegmentBuffer(segmentSize, data);
    SegmentBuffer ahead = null;
    current.fill(data);
    long index = 0;
    long size = 0;
    boolean pending = false;
    boolean unlogged = false;
    EngineDb.Batch batch = core.db().batch();
    // Full segments are sealed into one array: the batch copies each away as it is added.
    byte[] sealed = null;
    try {
      while (true) {
        boolean last = !current.full();
        if (!last) {
          // A full segment may be the last one: look one segment ahead to know.
          ahead = ahead == null ? new SegmentBuffer(segmentSize, data) : ahead;
          last = ahead.fill(data) == 0;
        }
        core.cryptoWarmup()
            .forObjectOf(size + current.length() + (last || ahead == null ? 0 : ahead.length()));
        sealed = aead.seal(index, last, current.bytes(), 0, current.length(), sealed);
        size += current.length();
        if (!last && !pending) {
          markPending(record);
          pending = true;
        }
        if (index == 0 && last && inlines(current.length())) {
          // The last use of this array, so the record may keep it rather than a copy.
          record
              .setFormatVersion(Records.OBJECT_FORMAT_INLINE)
              .setInlineSegment(UnsafeByteOperations.unsafeWrap(sealed));
        } else {
          batch.put(Family.CHUNKS, Keys.chunk(versionId, index), sealed);
        }
        index++;
        if (last) {
          break;
        }
        if (batch.count() >= SEGMENTS_PER_BATCH) {
          if (size > core.settings().loggedSegmentBytes()) {
            batch.commitUnlogged();
            unlogged = true;
          } else {
            batch.commit();
          }
          batch.close();
          batch = core.db().batch();
        }
        current.wipe();
        SegmentBuffer t = current;
        current = ahead;
        ahead = t;
      }
      record
          .setSize(size)
          .setSegmentCount((int) index)
          .setLastModifiedEpochMillis(core.clock().millis());
      ObjectRecord built = record.build();
      if (unlogged) {
        core.db().flush(Family.CHUNKS);
      }
      commit(batch, built, pending, request, replacing);
      return built;
    } catch (RuntimeException e) {
      if (pending) {
        abandon(versionId);
      }
      throw e;
    } finally {
      batch.close();
      current.wipe();
      if (ahead != null) {
        ahead.wipe();
      }
    }
  }

  /** What {@code data} says it holds, or 0 if it cannot say. */
  private static long available(InputStream data) {
    try {
      return data.available();
    } catch (java.io.IOException e) {
      return 0; // the read that follows reports what is wrong with the stream
    }
  }

  private boolean inlines(int size) {
    int limit = core.settings().inlineObjectBytes();
    return limit > 0 && size <= limit;
  }

  /** Commits the record with the last segments, replacing (and freeing) any previous version. */
  private void commit(
      EngineDb.Batch batch,
      ObjectRecord record,
      boolean pending,
      PutObjectRequest request,
      Optional<ByteString> replacing) {
    byte[] row = Keys.object(record.getBucket(), record.getKey());
    locks.withLock(
        row,
        () -> {
          Optional<ObjectRecord> previous =
              core.records().object(record.getBucket(), record.getKey());
          if (replacing.isPresent()
              && (previous.isEmpty() || !previous.get().getVersionId().equals(replacing.get()))) {
            throw new VersionChanged();
          }
          checkCondition(request, previous);
          previous.ifPresent(old -> ChunkRows.delete(batch, old));
          batch.put(Family.OBJECTS, row, record.toByteArray());
          KeyCounts.replace(batch, previous.orElse(null), record);
          if (pending) {
            batch.delete(Family.META, Keys.pendingUpload(record.getVersionId().toByteArray()));
          }
          core.commitRecordingKeystoreGeneration(batch);
        });
  }

  /** S3's conditional writes: If-None-Match (create only) and If-Match (that version only). */
  private static void checkCondition(PutObjectRequest request, Optional<ObjectRecord> current) {
    String where = request.bucket() + "/" + request.key();
    if (request.ifNoneMatch() && current.isPresent()) {
      throw new PreconditionFailedException(
          "object " + where + " exists and the put was create-only (If-None-Match)");
    }
    if (request.ifMatch().isPresent()) {
      if (current.isEmpty()) {
        throw new NotFoundException(
            "object " + where + " does not exist (NoSuchKey), so it cannot match If-Match");
      }
      String wanted = unquoted(request.ifMatch().get());
      if (!MessageDigest.isEqual(
          wanted.getBytes(StandardCharsets.UTF_8),
          current.get().getEtag().getBytes(StandardCharsets.UTF_8))) {
        throw new PreconditionFailedException(
            "object "
                + where
                + " does not have ETag "
                + wanted
                + " (If-Match): it changed since that version was read");
      }
    }
  }

  /** ETags are often passed quoted, as HTTP writes them. */
  private static String unquoted(String etag) {
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1)
        : etag;
  }

  private void markPending(ObjectRecord.Builder record) {
    PendingUpload marker =
        PendingUpload.newBuilder()
            .setVersionId(record.getVersionId())
            .setBucket(record.getBucket())
            .setKey(record.getKey())
            .setStartedEpochMillis(core.clock().millis())
            .build();
    try (EngineDb.Batch b = core.db().batch()) {
      b.put(
              Family.META,
              Keys.pendingUpload(record.getVersionId().toByteArray()),
              marker.toByteArray())
          .commit();
    }
  }

  /** Removes what a failed upload wrote; if this fails too, the next open collects it. */
  private void abandon(byte[] versionId) {
    try (EngineDb.Batch b = core.db().batch()) {
      b.deleteRange(Family.CHUNKS, Keys.chunk(versionId, 0), Keys.chunksEnd(versionId))
          .delete(Family.META, Keys.pendingUpload(versionId))
          .commit();
    } catch (RuntimeException ignored) {
      // The pending marker stays; recovery at open removes the segments.
    }
  }

  /**
   * Hex of SHA-256(version id ‖ key commitment), first 16 bytes: unique, and says nothing of the
   * data.
   */
  private static String etag(byte[] versionId, byte[] commitment) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(versionId);
      sha.update(commitment);
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new KeystoreUnavailableException(
          ErrorCode.STORAGE_FAILURE, "SHA-256 is unavailable", e);
    }
  }
}
