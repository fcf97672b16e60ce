package dev.coffer.engine.internal.jobs;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.internal.EngineCore;
import dev.coffer.engine.internal.crypto.ObjectKeys;
import dev.coffer.engine.internal.ops.EngineOperation;
import dev.coffer.engine.internal.ops.KeyLocks;
import dev.coffer.engine.internal.ops.ObjectReader;
import dev.coffer.engine.internal.ops.ObjectWriter;
import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.engine.internal.store.EngineDb.Family;
import dev.coffer.engine.internal.store.KeyCounts;
import dev.coffer.engine.internal.store.Records;
import dev.coffer.format.v1.BucketKeyRecord;
import dev.coffer.format.v1.JobKind;
import dev.coffer.format.v1.JobRecord;
import dev.coffer.format.v1.ObjectMetadata;
import dev.coffer.format.v1.ObjectRecord;
import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.Ciphertext;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.KeystoreUnavailableException;
import dev.coffer.keystore.ReEncryptRequest;
import dev.coffer.keystore.ReEncrypted;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a job does to one bucket key or one object. Each step first checks whether the item still
 * needs it (so a step redone after a crash, or an item changed by a concurrent write, is skipped,
 * never done twice into a broken state) and writes objects under the row lock writers use.
 */
final class JobSteps {
  enum Result {
    MOVED,
    SKIPPED,
    /** Re-encrypted, to be committed with the checkpoint (see {@link #commit}). */
    PENDING
  }

  private final EngineCore core;
  private final KeyLocks locks;
  private final ObjectReader reader;
  private final ObjectWriter writer;
  private final JobStore store;

  JobSteps(
      EngineCore core, KeyLocks locks, ObjectReader reader, ObjectWriter writer, JobStore store) {
    this.core = core;
    this.locks = locks;
    this.reader = reader;
    this.writer = writer;
    this.store = store;
  }

  /** Whether a bucket key must move: REWRAP to the target version, CHANGE_KEY to the new key. */
  static boolean needs(JobRecord job, BucketKeyRecord r) {
    return switch (job.getKind()) {
      case JOB_KIND_REWRAP ->
          r.getKmsKeyArn().equals(job.getKmsKeyArn())
              && r.getKmsKeyVersion() < job.getTargetVersion();
      case JOB_KIND_CHANGE_KEY ->
          r.getBucket().equals(job.getBucket()) && !r.getKmsKeyArn().equals(job.getKmsKeyArn());
      default -> false;
    };
  }

  /**
   * Whether an object's record must change. A REWRAP leaves objects under a bucket key alone: the
   * bucket-key phase moved their bucket key, which is all that wraps their keys.
   */
  static boolean needs(JobRecord job, ObjectRecord r) {
    return switch (job.getKind()) {
      case JOB_KIND_REWRAP ->
          !r.hasBucketKey()
              && r.getKmsKeyArn().equals(job.getKmsKeyArn())
              && r.getKmsKeyVersion() < job.getTargetVersion();
      case JOB_KIND_DEEP -> r.getKmsKeyArn().equals(job.getKmsKeyArn());
      case JOB_KIND_CHANGE_KEY ->
          r.getBucket().equals(job.getBucket()) && !r.getKmsKeyArn().equals(job.getKmsKeyArn());
      default -> false;
    };
  }

  /** Bucket keys known to be at a version: only a job moves one, and only forward. */
  private final Map<ByteString, Integer> bucketKeyVersions = new ConcurrentHashMap<>();

  Result bucketKey(JobRecord job, Caller caller, byte[] row, BucketKeyRecord r) {
    if (!needs(job, r)) {
      return Result.SKIPPED;
    }
    BucketKeyRecord moved = rewrapBucketKey(job, caller, r);
    try (EngineDb.Batch b = core.db().batch()) {
      b.put(Family.BUCKET_KEYS, row, moved.toByteArray()).commit();
    }
    // Readers holding it unwrapped were authorized under the old key: they must ask again.
    core.bucketKeys().forget(r.getBucketKeyId().toByteArray());
    return Result.MOVED;
  }

  private BucketKeyRecord rewrapBucketKey(JobRecord job, Caller caller, BucketKeyRecord r) {
    EncryptionContext context =
        EncryptionContext.of(
            Map.of(ObjectKeys.ARN_CONTEXT_KEY, EngineCore.bucketArn(r.getBucket())));
    Ciphertext c = reEncrypt(caller, r.getWrappedKey().toByteArray(), context, job.getKmsKeyArn());
    return r.toBuilder()
        .setWrappedKey(ByteString.copyFrom(c.blob()))
        .setKmsKeyArn(c.keyArn())
        .setKmsKeyVersion(c.keyVersion())
        .build();
  }

  /**
   * One object's step. A wrapped key to move is re-encrypted at once, outside any lock, from the
   * record as the scan saw it; the record is written by {@link #commit}, with the checkpoint.
   */
  Result object(
      JobRecord job, Caller caller, byte[] row, byte[] raw, ObjectRecord seen, List<Move> moves) {
    if (job.getKind() == JobKind.JOB_KIND_REWRAP && seen.hasBucketKey()) {
      return bucketKeyOf(job, caller, seen);
    }
    if (!needs(job, seen)) {
      return Result.SKIPPED;
    }
    if (job.getKind() == JobKind.JOB_KIND_DEEP) {
      return deep(caller, seen);
    }
    moves.add(new Move(row, raw, seen, move(job, caller, seen)));
    return Result.PENDING;
  }

  /** A record re-encrypted from {@code seen}, its raw bytes as the scan read them. */
  record Move(byte[] row, byte[] seen, ObjectRecord before, ObjectRecord after) {}

  /**
   * Writes the prepared moves and the checkpoint {@code progress} becomes in one batch, holding the
   * rows' locks: one write per checkpoint instead of one per object, and a crash keeps the moves
   * and the count of them together. A record that changed since the scan is re-read: moved if it is
   * the same version and still needs it, else left as a writer made it.
   *
   * @param scanned the database's {@link EngineDb#sequence} read before the scan opened
   */
  JobRecord commit(
      JobRecord job, Caller caller, List<Move> moves, long scanned, JobRecord.Builder progress) {
    JobRecord[] checkpoint = new JobRecord[1];
    locks.withLocks(
        moves.stream().map(Move::row).toList(),
        () -> {
          // Nothing written since the scan opened (the usual case: no writer touched the store
          // meanwhile) means every row is still as the scan read it, and the rows need not be
          // read again. The scan saw at least state `scanned`; if that is still the newest, it saw
          // exactly the current state. Any write at all, to any row, falls back to re-reading.
          boolean unchanged = core.db().sequence() == scanned;
          try (EngineDb.Batch batch = core.db().batch()) {
            KeyCounts.Tally counts = new KeyCounts.Tally();
            for (Move m : moves) {
              byte[] raw = unchanged ? m.seen() : core.db().get(Family.OBJECTS, m.row());
              ObjectRecord before = m.before();
              ObjectRecord after = m.after();
              if (!Arrays.equals(raw, m.seen())) {
                before = raw == null ? null : parseObject(raw);
                try {
                  after = before == null ? null : again(job, caller, m.before(), before);
                } catch (AuditUnavailableException | KeystoreUnavailableException e) {
                  throw e;
                } catch (CofferException | IllegalStateException e) {
                  JobRunner.failed(progress, e);
                  continue;
                }
              }
              if (after == null) {
                progress.setSkipped(progress.getSkipped() + 1);
                continue;
              }
              batch.put(Family.OBJECTS, m.row(), after.toByteArray());
              counts.replace(before, after);
              progress.setDone(progress.getDone() + 1);
            }
            counts.addTo(batch);
            checkpoint[0] = progress.build();
            store.put(batch, checkpoint[0]);
            batch.commit();
          }
        });
    return checkpoint[0];
  }

  /** The move of a record changed since the scan, or null if it no longer needs one. */
  private ObjectRecord again(JobRecord job, Caller caller, ObjectRecord seen, ObjectRecord now) {
    if (!now.getVersionId().equals(seen.getVersionId()) || !needs(job, now)) {
      return null;
    }
    return move(job, caller, now);
  }

  /** The record with its data key (or its bucket key's reference) under the job's key. */
  private ObjectRecord move(JobRecord job, Caller caller, ObjectRecord r) {
    if (r.hasWrappedDataKey()) {
      Ciphertext c =
          reEncrypt(
              caller,
              r.getWrappedDataKey().toByteArray(),
              EncryptionContext.of(r.getEncryptionContextMap()),
              job.getKmsKeyArn());
      return r.toBuilder()
          .setWrappedDataKey(ByteString.copyFrom(c.blob()))
          .setKmsKeyArn(c.keyArn())
          .setKmsKeyVersion(c.keyVersion())
          .build();
    }
    // The object's key is derived from its bucket key: move the bucket key (if a write created
    // it after the bucket-key phase) and record where it is now.
    byte[] id = r.getBucketKey().getBucketKeyId().toByteArray();
    BucketKeyRecord bk =
        core.records()
            .bucketKey(id)
            .orElseThrow(() -> new IllegalStateException("bucket key record missing"));
    if (needs(job, bk)) {
      bk = rewrapBucketKey(job, caller, bk);
      try (EngineDb.Batch b = core.db().batch()) {
        b.put(Family.BUCKET_KEYS, id, bk.toByteArray()).commit();
      }
      core.bucketKeys().forget(id);
    }
    return r.toBuilder()
        .setKmsKeyArn(bk.getKmsKeyArn())
        .setKmsKeyVersion(bk.getKmsKeyVersion())
        .build();
  }

  /**
   * Moves the bucket key of an object, in the rare case that the bucket-key phase did not see it:
   * one created under the old version while the rotation was being made. Each bucket key is looked
   * up once per job run; the object's own record is not rewritten.
   */
  private Result bucketKeyOf(JobRecord job, Caller caller, ObjectRecord r) {
    if (!r.getKmsKeyArn().equals(job.getKmsKeyArn())) {
      return Result.SKIPPED;
    }
    ByteString id = r.getBucketKey().getBucketKeyId();
    Integer known = bucketKeyVersions.get(id);
    if (known != null && known >= job.getTargetVersion()) {
      return Result.SKIPPED;
    }
    Optional<BucketKeyRecord> current = core.records().bucketKey(id.toByteArray());
    if (current.isEmpty()) {
      return Result.SKIPPED;
    }
    Result result = bucketKey(job, caller, id.toByteArray(), current.get());
    bucketKeyVersions.put(id, job.getTargetVersion());
    return result;
  }

  /** Re-encrypts one object's data with a fresh data key, unless it changed meanwhile. */
  private Result deep(Caller caller, ObjectRecord seen) {
    return EngineOperation.run(
        core,
        caller,
        "ReEncryptObject",
        false,
        op -> {
          try (ObjectContent content =
              reader.open(op, GetObjectRequest.of(seen.getBucket(), seen.getKey()))) {
            if (!content
                .info()
                .versionId()
                .equals(java.util.HexFormat.of().formatHex(seen.getVersionId().toByteArray()))) {
              return Result.SKIPPED;
            }
            ObjectMetadata metadata =
                ObjectMetadata.newBuilder()
                    .setContentType(content.info().contentType())
                    .putAllUserMetadata(content.info().userMetadata())
                    .build();
            return writer.rewrite(op, seen, content, metadata) ? Result.MOVED : Result.SKIPPED;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private Ciphertext reEncrypt(
      Caller caller, byte[] blob, EncryptionContext context, String destinationKey) {
    ReEncrypted r =
        core.keystore()
            .as(caller.via(core.settings().viaService()))
            .reEncrypt(
                ReEncryptRequest.builder()
                    .ciphertextBlob(blob)
                    .sourceEncryptionContext(context)
                    .destinationKeyId(destinationKey)
                    .build());
    return r.ciphertext();
  }

  static ObjectRecord parseObject(byte[] raw) {
    return Records.parseObject(raw, "in a job");
  }

  static BucketKeyRecord parseBucketKey(byte[] raw) {
    try {
      return BucketKeyRecord.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a bucket key record is damaged", e);
    }
  }

  static byte[] copy(byte[] b) {
    return Arrays.copyOf(b, b.length);
  }
}
