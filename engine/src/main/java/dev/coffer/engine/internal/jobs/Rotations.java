package dev.coffer.engine.internal.jobs;

import com.google.crypto.tink.subtle.Random;
import com.google.protobuf.ByteString;
import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.JobKind;
import dev.coffer.engine.JobState;
import dev.coffer.engine.JobStatus;
import dev.coffer.engine.KeyUsage;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.RotationService;
import dev.coffer.engine.internal.EngineCore;
import dev.coffer.engine.internal.ops.EngineOperation;
import dev.coffer.engine.internal.ops.KeyLocks;
import dev.coffer.engine.internal.ops.ObjectReader;
import dev.coffer.engine.internal.ops.ObjectWriter;
import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.engine.internal.store.EngineDb.Family;
import dev.coffer.engine.internal.store.Records;
import dev.coffer.format.v1.JobPhase;
import dev.coffer.format.v1.JobRecord;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.KeyStatus;
import dev.coffer.keystore.KeyVersionInfo;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.VersionState;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/** The engine's rotation machinery: creates jobs, runs them, and answers for them per caller. */
public final class Rotations implements AutoCloseable {
  private final EngineCore core;
  private final JobStore store;
  private final JobRunner runner;
  private final KeyReferences references;

  public Rotations(EngineCore core, KeyLocks locks, ObjectReader reader, ObjectWriter writer) {
    this.core = core;
    this.store = new JobStore(core.db());
    this.references = new KeyReferences(core.db());
    this.runner =
        new JobRunner(
            core, store, new JobSteps(core, locks, reader, writer, store), writer.writesInFlight());
  }

  /** Starts the background runner: resumes jobs a restart interrupted. */
  public void start() {
    runner.start();
  }

  public RotationService as(Caller caller, Function<Caller, ObjectStore> objects) {
    return new CallerRotations(caller, objects.apply(caller));
  }

  @Override
  public void close() {
    runner.close();
  }

  private JobRecord create(
      Caller caller, dev.coffer.format.v1.JobKind kind, String keyArn, int target, String bucket) {
    JobRecord draft =
        JobRecord.newBuilder()
            .setFormatVersion(Records.FORMAT_VERSION)
            .setJobId(ByteString.copyFrom(Random.randBytes(16)))
            .setKind(kind)
            .setState(dev.coffer.format.v1.JobState.JOB_STATE_RUNNING)
            .setPhase(JobPhase.JOB_PHASE_BUCKET_KEYS)
            .setKmsKeyArn(keyArn)
            .setTargetVersion(target)
            .setBucket(bucket)
            .setPrincipal(caller.principal().name())
            .setCreatedEpochMillis(core.clock().millis())
            .setUpdatedEpochMillis(core.clock().millis())
            .build();
    // Counted and stored inside the start's audited operation: a start that fails to read or
    // store is recorded as failed, as any other engine operation is.
    JobRecord job =
        EngineOperation.run(
            core,
            caller,
            "RotationJobStarted",
            false,
            op -> {
              JobRunner.describe(op, draft);
              JobRecord counted = draft.toBuilder().setTotal(countCandidates(draft)).build();
              JobRunner.describe(op, counted);
              store.put(counted);
              return counted;
            });
    runner.wake();
    return job;
  }

  private long countCandidates(JobRecord job) {
    long n = countBucketKeys(job);
    if (job.getKind() == dev.coffer.format.v1.JobKind.JOB_KIND_REWRAP) {
      OptionalLong direct =
          core.keyCounts().directBelow(job.getKmsKeyArn(), job.getTargetVersion());
      if (direct.isPresent()) {
        return n + direct.getAsLong();
      }
    }
    try (EngineDb.Scan scan = core.db().scan(Family.OBJECTS, new byte[0], null)) {
      while (scan.next()) {
        if (JobSteps.needs(job, JobSteps.parseObject(scan.value()))) {
          n++;
        }
      }
    }
    return n;
  }

  private long countBucketKeys(JobRecord job) {
    long n = 0;
    try (EngineDb.Scan scan = core.db().scan(Family.BUCKET_KEYS, new byte[0], null)) {
      while (scan.next()) {
        if (JobSteps.needs(job, JobSteps.parseBucketKey(scan.value()))) {
          n++;
        }
      }
    }
    return n;
  }

  private JobStatus status(JobRecord j) {
    double elapsed = Math.max(1, j.getUpdatedEpochMillis() - j.getCreatedEpochMillis()) / 1000.0;
    long processed = j.getDone() + j.getSkipped() + j.getFailed();
    double rate = processed / elapsed;
    Optional<Duration> eta =
        j.getState() == dev.coffer.format.v1.JobState.JOB_STATE_RUNNING && rate > 0
            ? Optional.of(
                Duration.ofMillis((long) (Math.max(0, j.getTotal() - processed) / rate * 1000)))
            : Optional.empty();
    return new JobStatus(
        HexFormat.of().formatHex(j.getJobId().toByteArray()),
        JobKind.values()[j.getKindValue() - 1],
        JobState.values()[j.getStateValue() - 1],
        j.getPhase()
            .name()
            .substring("JOB_PHASE_".length())
            .toLowerCase(java.util.Locale.ROOT)
            .replace('_', '-'),
        j.getKmsKeyArn(),
        j.getTargetVersion(),
        j.getBucket().isEmpty() ? Optional.empty() : Optional.of(j.getBucket()),
        Principal.of(j.getPrincipal()),
        j.getTotal(),
        j.getDone(),
        j.getSkipped(),
        j.getFailed(),
        Instant.ofEpochMilli(j.getCreatedEpochMillis()),
        Instant.ofEpochMilli(j.getUpdatedEpochMillis()),
        j.getError().isEmpty()
            ? j.getState() == dev.coffer.format.v1.JobState.JOB_STATE_RUNNING
                ? runner.stalledBecause(j.getJobId())
                : Optional.empty()
            : Optional.of(j.getError()),
        rate,
        eta);
  }

  private JobRecord record(String jobId) {
    if (jobId.isEmpty()) {
      // An absent field on the wire: hex of nothing would parse, and the job be "not found".
      throw new InvalidArgumentException("a job id is required");
    }
    byte[] id;
    try {
      id = HexFormat.of().parseHex(jobId);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("not a job id: " + jobId);
    }
    return store.get(id).orElseThrow(() -> new NotFoundException("no job " + jobId));
  }

  /** The rotation operations for one caller. */
  private final class CallerRotations implements RotationService {
    private final Caller caller;
    private final ObjectStore objects;

    CallerRotations(Caller caller, ObjectStore objects) {
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
          status(
              create(
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
      return status(
          create(
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
      return status(
          create(
              caller,
              dev.coffer.format.v1.JobKind.JOB_KIND_CHANGE_KEY,
              status.keyArn(),
              status.primaryVersion(),
              bucket));
    }

    @Override
    public List<JobStatus> listJobs() {
      return audited(
          "ListJobs", true, op -> store.all().stream().map(Rotations.this::status).toList());
    }

    @Override
    public JobStatus job(String jobId) {
      return audited("GetJob", true, op -> status(record(jobId)));
    }

    @Override
    public JobStatus cancelJob(String jobId) {
      return audited(
          "CancelJob",
          false,
          op -> {
            JobRecord j = record(jobId);
            if (j.getState() != dev.coffer.format.v1.JobState.JOB_STATE_RUNNING) {
              // As KMS refuses to cancel a deletion that is not pending: saying nothing would
              // leave the caller to think it stopped the job.
              JobStatus finished = status(j);
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
            return status(record(jobId));
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
              + (timeout.compareTo(RotationService.MAX_WAIT) > 0
                      ? RotationService.MAX_WAIT
                      : timeout)
                  .toNanos();
      // Authorized and audited as GetJob once, as job() is; the polls that follow read the record
      // the caller was allowed to see.
      JobStatus s = job(jobId);
      while (!s.state().finished() && deadline - System.nanoTime() > 0) {
        Thread.sleep(20);
        s = status(record(jobId));
      }
      return s;
    }

    /**
     * Needs {@code coffer:GetKeyUsage}: the report names buckets and objects across the store,
     * which the key's own permissions (a DescribeKey, often widely granted) must not reveal.
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
      return sealsMetadata
          ? references.everyObject(arn, maxNames)
          : references.usage(arn, maxNames);
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
     * keystore's ScheduleKeyDeletion (asking for one after the key was scheduled would tell a
     * caller "denied" about a deletion that happened), and its counts go only to the audit log.
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
                .parameter(
                    "deletionDate", scheduled.deletionDate().map(Object::toString).orElse(""));
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
}
