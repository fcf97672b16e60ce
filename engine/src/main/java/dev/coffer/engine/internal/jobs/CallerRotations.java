package dev.coffer.engine.internal.jobs;

import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.JobStatus;
import dev.coffer.engine.KeyUsage;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.RotationService;
import dev.coffer.engine.internal.EngineCore;
import dev.coffer.engine.internal.ops.EngineOperation;
import dev.coffer.format.v1.JobRecord;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.KeyStatus;
import dev.coffer.keystore.KeyVersionInfo;
import dev.coffer.keystore.VersionState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The rotation operations for one caller. */
final class CallerRotations implements RotationService {
  private final Rotations rotations;
  private final EngineCore core;
  private final JobStore store;
  private final JobRunner runner;
  private final KeyReferences references;
  private final Caller caller;
  private final ObjectStore objects;

  CallerRotations(
      Rotations rotations,
      EngineCore core,
      JobStore store,
      JobRunner runner,
      KeyReferences references,
      Caller caller,
      ObjectStore objects) {
    this.rotations = rotations;
    this.core = core;
    this.store = store;
    this.runner = runner;
    this.references = references;
    this.caller = caller;
    this.objects = objects;
  }

  private KeyService kms() {
    core.db().checkOpen();
    return core.keystore().as(caller);
  }

  @Override
  public Optional<JobStatus> rotate(String keyId, boolean rewrap, boolean deep) {
    KeyVersionInfo version = kms().rotateKeyOnDemand(keyId);
    if (!rewrap && !deep) {
      return Optional.empty();
    }
    String arn = kms().describeKey(keyId).arn();
    return Optional.of(
        rotations.status(
            rotations.create(
                caller,
                deep
                    ? dev.coffer.format.v1.JobKind.JOB_KIND_DEEP
                    : dev.coffer.format.v1.JobKind.JOB_KIND_REWRAP,
                arn,
                version.version(),
                "")));
  }

  @Override
  public JobStatus rewrap(String keyId) {
    KeyMetadata key = kms().describeKey(keyId);
    return rotations.status(
        rotations.create(
            caller,
            dev.coffer.format.v1.JobKind.JOB_KIND_REWRAP,
            key.arn(),
            key.primaryVersion(),
            ""));
  }

  @Override
  public JobStatus changeBucketKey(String bucket, String keyId) {
    BucketEncryption before = objects.getBucketEncryption(bucket);
    objects.putBucketEncryption(bucket, new BucketEncryption(keyId, before.bucketKeyEnabled()));
    BucketEncryption after = objects.getBucketEncryption(bucket);
    KeyStatus status = core.keystore().keyStatus(after.kmsKeyId()).orElseThrow();
    return rotations.status(
        rotations.create(
            caller,
            dev.coffer.format.v1.JobKind.JOB_KIND_CHANGE_KEY,
            status.keyArn(),
            status.primaryVersion(),
            bucket));
  }

  @Override
  public List<JobStatus> listJobs() {
    return audited("ListJobs", true, op -> store.all().stream().map(rotations::status).toList());
  }

  @Override
  public JobStatus job(String jobId) {
    return audited("GetJob", true, op -> rotations.status(rotations.record(jobId)));
  }

  @Override
  public JobStatus cancelJob(String jobId) {
    return audited(
        "CancelJob",
        false,
        op -> {
          JobRecord j = rotations.record(jobId);
          if (j.getState() != dev.coffer.format.v1.JobState.JOB_STATE_RUNNING) {
            // As KMS refuses to cancel a deletion that is not pending: saying nothing would
            // leave the caller to think it stopped the job.
            JobStatus finished = rotations.status(j);
            throw new InvalidStateException(
                "job "
                    + finished.jobId()
                    + " has already finished ("
                    + finished.state()
                    + ", "
                    + finished.updated()
                    + "): there is nothing to cancel");
          }
          store.put(j.toBuilder().setCancelRequested(true).build());
          runner.wake();
          return rotations.status(rotations.record(jobId));
        });
  }

  @Override
  public JobStatus awaitJob(String jobId, Duration timeout) throws InterruptedException {
    if (timeout.isNegative()) {
      throw new InvalidArgumentException("timeout must not be negative: " + timeout);
    }
    // Capped so that a huge timeout (Duration.ofSeconds(Long.MAX_VALUE)) cannot overflow.
    long deadline =
        System.nanoTime()
            + (timeout.compareTo(RotationService.MAX_WAIT) > 0 ? RotationService.MAX_WAIT : timeout)
                .toNanos();
    // Authorized and audited as GetJob once, as job() is; the polls that follow read the record
    // the caller was allowed to see.
    JobStatus s = job(jobId);
    while (!s.state().finished() && deadline - System.nanoTime() > 0) {
      Thread.sleep(20);
      s = rotations.status(rotations.record(jobId));
    }
    return s;
  }

  /**
   * Needs {@code coffer:GetKeyUsage}: the report names buckets and objects across the store, which
   * the key's own permissions (a DescribeKey, often widely granted) must not reveal.
   */
  @Override
  public KeyUsage keyUsage(String keyId, int maxNames) {
    return audited(
        "GetKeyUsage",
        true,
        op -> {
          op.parameter("keyId", keyId).parameter("maxNames", Integer.toString(maxNames));
          if (maxNames < 0) {
            throw new InvalidArgumentException("maxNames must not be negative: " + maxNames);
          }
          KeyUsage usage = usage(keyId, maxNames);
          op.key(usage.keyArn(), 0);
          return usage;
        });
  }

  private KeyUsage usage(String keyId, int maxNames) {
    String arn = kms().describeKey(keyId).arn();
    boolean sealsMetadata =
        core.records().meta().map(m -> m.getMetadataKeyArn().equals(arn)).orElse(false);
    // The engine's metadata key wraps no object's data key, but every object's content type and
    // metadata, and the store itself, are lost without it.
    return sealsMetadata ? references.everyObject(arn, maxNames) : references.usage(arn, maxNames);
  }

  /**
   * Recorded as one engine event, RetireKeyVersions, besides the keystore's own records of the
   * calls it makes: a refused attempt (a version out of range, versions still in use) would
   * otherwise leave only an allowed DescribeKey on the trail. No permission beyond the keystore
   * calls' own is asked for.
   */
  @Override
  public KeyMetadata retireVersions(String keyId, int minVersion, boolean destroy) {
    return EngineOperation.run(
        core,
        caller,
        "RetireKeyVersions",
        false,
        op -> {
          op.parameter("keyId", keyId)
              .parameter("minDecryptionVersion", Integer.toString(minVersion))
              .parameter("destroy", Boolean.toString(destroy));
          return retire(op, keyId, minVersion, destroy);
        });
  }

  private KeyMetadata retire(EngineOperation op, String keyId, int minVersion, boolean destroy) {
    KeyMetadata key = kms().describeKey(keyId);
    op.key(key.arn(), key.primaryVersion());
    // Before counting what still uses older versions: a version past the primary is a bad
    // argument, not "still in use".
    if (minVersion < 1 || minVersion > key.primaryVersion()) {
      throw new InvalidArgumentException(
          "minimum decryption version must be 1 to the primary version "
              + key.primaryVersion()
              + " of "
              + key.arn()
              + ", not "
              + minVersion);
    }
    long users = references.objectsBelow(key.arn(), minVersion);
    long bucketKeys = references.bucketKeysBelow(key.arn(), minVersion);
    if (users > 0 || bucketKeys > 0) {
      throw new InvalidStateException(
          users
              + " objects and "
              + bucketKeys
              + " bucket keys still use versions of "
              + key.arn()
              + " below "
              + minVersion
              + "; rewrap them first (coffer rotate --rewrap)");
    }
    KeyMetadata after = kms().updateMinDecryptionVersion(keyId, minVersion);
    if (destroy) {
      for (KeyVersionInfo v : after.versions()) {
        if (v.version() < minVersion && v.state() == VersionState.RETIRED) {
          after = kms().destroyKeyVersion(keyId, v.version());
        }
      }
    }
    return after;
  }

  /**
   * The shredding report is a record, not an action of its own: it needs no permission beyond the
   * keystore's ScheduleKeyDeletion (asking for one after the key was scheduled would tell a caller
   * "denied" about a deletion that happened), and its counts go only to the audit log.
   */
  @Override
  public KeyMetadata scheduleKeyDeletion(String keyId, int pendingWindowInDays) {
    KeyUsage usage = usage(keyId, 0);
    KeyMetadata scheduled = kms().scheduleKeyDeletion(keyId, pendingWindowInDays);
    EngineOperation.run(
        core,
        caller,
        "CryptoShredScheduled",
        false,
        op -> {
          op.key(usage.keyArn(), scheduled.primaryVersion())
              .parameter("objects", Long.toString(usage.objects()))
              .parameter("buckets", Integer.toString(usage.objectsByBucket().size()))
              .parameter("bucketKeys", Long.toString(usage.bucketKeys()))
              .parameter("deletionDate", scheduled.deletionDate().map(Object::toString).orElse(""));
          return null;
        });
    return scheduled;
  }

  private <T> T audited(String event, boolean readOnly, Function<EngineOperation, T> body) {
    return EngineOperation.run(
        core,
        caller,
        event,
        readOnly,
        op -> {
          core.access().authorize(op, "coffer:" + event, "*", Optional.empty(), Map.of());
          return body.apply(op);
        });
  }
}
