package dev.coffer.engine.internal.jobs;

import com.google.crypto.tink.subtle.Random;
import com.google.protobuf.ByteString;
import dev.coffer.engine.JobKind;
import dev.coffer.engine.JobState;
import dev.coffer.engine.JobStatus;
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
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
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
    return new CallerRotations(
        this, core, store, runner, references, caller, objects.apply(caller));
  }

  @Override
  public void close() {
    runner.close();
  }

  JobRecord create(
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

  JobStatus status(JobRecord j) {
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

  JobRecord record(String jobId) {
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
}
