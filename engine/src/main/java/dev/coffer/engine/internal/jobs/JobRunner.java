package dev.coffer.engine.internal.jobs;

import com.google.protobuf.ByteString;
import dev.coffer.engine.internal.EngineCore;
import dev.coffer.engine.internal.ops.EngineOperation;
import dev.coffer.engine.internal.ops.WritesInFlight;
import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.engine.internal.store.EngineDb.Family;
import dev.coffer.engine.internal.store.Keys;
import dev.coffer.format.v1.JobKind;
import dev.coffer.format.v1.JobPhase;
import dev.coffer.format.v1.JobRecord;
import dev.coffer.format.v1.JobState;
import dev.coffer.format.v1.ObjectRecord;
import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.KeystoreUnavailableException;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.internal.store.Uninterruptibly;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs jobs in one background thread, a batch of items at a time, checkpointing the cursor and
 * counts after each batch so that a restart resumes where it stopped. Failures of single items are
 * counted and the job goes on; failures that make progress unsafe (the audit log or storage
 * unavailable) stop the job where it is, still RUNNING, to be retried.
 */
public final class JobRunner implements AutoCloseable {
  static final int BATCH = 64;
  private static final long RETRY_MILLIS = 2000;

  private final EngineCore core;
  private final JobStore store;
  private final JobSteps steps;
  private final WritesInFlight writes;
  private final Object signal = new Object();
  private final Thread thread;
  private volatile boolean stopping;

  /**
   * Why each job stopped making progress, while it waits to be retried: a full disk or an audit log
   * that cannot take a record leaves the job RUNNING, and without this its status would not say so.
   */
  private final java.util.Map<ByteString, String> stalled =
      new java.util.concurrent.ConcurrentHashMap<>();

  JobRunner(EngineCore core, JobStore store, JobSteps steps, WritesInFlight writes) {
    this.core = core;
    this.store = store;
    this.steps = steps;
    this.writes = writes;
    this.thread = new Thread(this::loop, "coffer-jobs");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Wakes the runner: a job was created or asked to stop. */
  void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  private void loop() {
    while (!stopping) {
      boolean worked = false;
      boolean blocked = false;
      try {
        for (JobRecord job : store.all()) {
          if (stopping) {
            break;
          }
          if (job.getState() == JobState.JOB_STATE_RUNNING) {
            worked = true;
            try {
              run(job);
              stalled.remove(job.getJobId());
            } catch (CofferException e) {
              stalled.put(job.getJobId(), e.getMessage());
              throw e;
            } catch (RuntimeException e) {
              stalled.put(job.getJobId(), "internal error (" + e.getClass().getSimpleName() + ")");
              throw e;
            }
          }
        }
      } catch (AuditUnavailableException | KeystoreUnavailableException e) {
        blocked = true;
      } catch (RuntimeException e) {
        blocked = true;
      }
      if (!worked || blocked) {
        synchronized (signal) {
          try {
            signal.wait(blocked ? RETRY_MILLIS : 1000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  /**
   * Why the job has stopped making progress and is waiting to be retried, if it has: the storage,
   * audit log or keystore failed under it.
   */
  Optional<String> stalledBecause(ByteString jobId) {
    return Optional.ofNullable(stalled.get(jobId))
        .map(why -> "stalled, retrying every " + RETRY_MILLIS / 1000 + " s: " + why);
  }

  /** Runs one job until it finishes, is cancelled, or the runner stops. */
  private void run(JobRecord start) {
    JobRecord job = start;
    Caller caller = Caller.of(Principal.of(job.getPrincipal()));
    if (!writesBeforeEnded(job)) {
      return;
    }
    while (!stopping && job.getState() == JobState.JOB_STATE_RUNNING) {
      JobRecord latest = store.get(job.getJobId().toByteArray()).orElse(job);
      if (latest.getCancelRequested()) {
        finish(caller, job.toBuilder(), JobState.JOB_STATE_CANCELLED);
        return;
      }
      job =
          switch (job.getPhase()) {
            case JOB_PHASE_BUCKET_KEYS ->
                batch(caller, job, Family.BUCKET_KEYS, JobPhase.JOB_PHASE_OBJECTS);
            case JOB_PHASE_OBJECTS -> objects(caller, job);
            default ->
                finish(
                    caller,
                    job.toBuilder(),
                    job.getFailed() > 0 ? JobState.JOB_STATE_FAILED : JobState.JOB_STATE_SUCCEEDED);
          };
    }
  }

  /**
   * Waits for the object writes that began before this point: one may hold a data key under the
   * version (or, for a bucket, the key) the job moves away from, and commit it behind the job's
   * cursor (see {@link WritesInFlight}). Stays responsive to the runner stopping and to a cancel.
   *
   * @return false if the runner stopped or the job was cancelled meanwhile
   */
  private boolean writesBeforeEnded(JobRecord job) {
    long horizon = writes.horizon();
    try {
      while (!writes.awaitBelow(horizon, Duration.ofSeconds(1))) {
        if (stopping) {
          return false;
        }
        JobRecord latest = store.get(job.getJobId().toByteArray()).orElse(job);
        if (latest.getCancelRequested()) {
          finish(
              Caller.of(Principal.of(job.getPrincipal())),
              job.toBuilder(),
              JobState.JOB_STATE_CANCELLED);
          return false;
        }
      }
      return !stopping;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The objects phase, or for a rewrap with no object directly under an old version, what stands in
   * for it: a second pass over the bucket keys. Objects under a bucket key need their bucket key
   * moved, nothing else, and the only bucket keys the first pass can have missed are those made
   * under an old version while the rotation was under way; reading a million object records to find
   * them is what this saves.
   */
  private JobRecord objects(Caller caller, JobRecord job) {
    if (job.getKind() == JobKind.JOB_KIND_REWRAP
        && job.getCursor().isEmpty()
        && core.keyCounts().directBelow(job.getKmsKeyArn(), job.getTargetVersion()).orElse(1)
            == 0) {
      return bucketKeysAgain(caller, job);
    }
    return batch(caller, job, Family.OBJECTS, JobPhase.JOB_PHASE_DONE);
  }

  /** All bucket keys in one go: few, and a pass redone after a crash finds nothing left to do. */
  private JobRecord bucketKeysAgain(Caller caller, JobRecord job) {
    JobRecord.Builder b = job.toBuilder();
    try (EngineDb.Scan scan = core.db().scan(Family.BUCKET_KEYS, new byte[0], null)) {
      while (scan.next()) {
        apply(caller, job, Family.BUCKET_KEYS, scan.key(), scan.value(), b, null);
      }
    }
    JobRecord checkpoint =
        b.setPhase(JobPhase.JOB_PHASE_DONE)
            .setCursor(ByteString.EMPTY)
            .setUpdatedEpochMillis(core.clock().millis())
            .build();
    store.put(checkpoint);
    milestone(caller, job, checkpoint);
    stalled.remove(job.getJobId());
    return checkpoint;
  }

  /** Processes up to BATCH items of the current phase after the cursor, then checkpoints. */
  private JobRecord batch(Caller caller, JobRecord job, Family family, JobPhase next) {
    JobRecord.Builder b = job.toBuilder();
    byte[][] range = range(job, family);
    byte[] from = job.getCursor().isEmpty() ? range[0] : after(job.getCursor().toByteArray());
    int items = 0;
    boolean exhausted = true;
    List<JobSteps.Move> moves = new ArrayList<>();
    // Read before the scan opens, so the scan sees at least this state (see JobSteps.commit).
    long scanned = core.db().sequence();
    try (EngineDb.Scan scan = core.db().scan(family, from, range[1])) {
      while (scan.next()) {
        if (items == BATCH) {
          exhausted = false;
          break;
        }
        byte[] row = scan.key();
        apply(caller, job, family, row, scan.value(), b, moves);
        b.setCursor(ByteString.copyFrom(row));
        items++;
      }
    }
    if (exhausted) {
      b.setPhase(next).setCursor(ByteString.EMPTY);
    }
    b.setUpdatedEpochMillis(core.clock().millis());
    JobRecord checkpoint = steps.commit(job, caller, moves, scanned, b);
    milestone(caller, job, checkpoint);
    stalled.remove(job.getJobId());
    return checkpoint;
  }

  private void apply(
      Caller caller,
      JobRecord job,
      Family family,
      byte[] row,
      byte[] value,
      JobRecord.Builder b,
      List<JobSteps.Move> moves) {
    try {
      if (family == Family.BUCKET_KEYS) {
        if (job.getKind() != JobKind.JOB_KIND_DEEP
            && steps.bucketKey(job, caller, row, JobSteps.parseBucketKey(value))
                == JobSteps.Result.MOVED) {
          b.setDone(b.getDone() + 1);
        }
        return;
      }
      ObjectRecord r = JobSteps.parseObject(value);
      JobSteps.Result result = steps.object(job, caller, row, value, r, moves);
      if (result == JobSteps.Result.MOVED) {
        b.setDone(b.getDone() + 1);
      } else if (result == JobSteps.Result.SKIPPED && JobSteps.needs(job, r)) {
        b.setSkipped(b.getSkipped() + 1);
      }
    } catch (AuditUnavailableException | KeystoreUnavailableException e) {
      throw e;
    } catch (CofferException | IllegalStateException | java.io.UncheckedIOException e) {
      failed(b, e);
    }
  }

  static void failed(JobRecord.Builder b, RuntimeException e) {
    b.setFailed(b.getFailed() + 1);
    if (b.getError().isEmpty()) {
      b.setError(e.getMessage());
    }
  }

  private byte[][] range(JobRecord job, Family family) {
    if (family == Family.OBJECTS && job.getKind() == JobKind.JOB_KIND_CHANGE_KEY) {
      return new byte[][] {Keys.objectsFrom(job.getBucket(), ""), Keys.objectsEnd(job.getBucket())};
    }
    return new byte[][] {new byte[0], null};
  }

  private static byte[] after(byte[] row) {
    return Arrays.copyOf(row, row.length + 1);
  }

  private JobRecord finish(Caller caller, JobRecord.Builder b, JobState state) {
    JobRecord done =
        b.setState(state)
            .setPhase(JobPhase.JOB_PHASE_DONE)
            .setUpdatedEpochMillis(core.clock().millis())
            .build();
    store.put(done);
    audit(caller, "RotationJobFinished", done);
    return done;
  }

  /** An audit record each time the job passes a quarter of its items. */
  private void milestone(Caller caller, JobRecord before, JobRecord after) {
    if (after.getTotal() == 0) {
      return;
    }
    long quarterBefore = 4 * processed(before) / after.getTotal();
    long quarterAfter = 4 * processed(after) / after.getTotal();
    if (quarterAfter > quarterBefore && quarterAfter < 4) {
      audit(caller, "RotationJobProgress", after);
    }
  }

  private static long processed(JobRecord j) {
    return j.getDone() + j.getSkipped() + j.getFailed();
  }

  void audit(Caller caller, String event, JobRecord job) {
    EngineOperation.run(
        core,
        caller,
        event,
        false,
        op -> {
          describe(op, job);
          return null;
        });
  }

  /** Names the job, its counts and its key in {@code op}'s audit event. */
  static void describe(EngineOperation op, JobRecord job) {
    op.parameter("jobId", HexFormat.of().formatHex(job.getJobId().toByteArray()))
        .parameter("kind", job.getKind().name().substring("JOB_KIND_".length()))
        .parameter("state", job.getState().name().substring("JOB_STATE_".length()))
        .parameter("done", Long.toString(job.getDone()))
        .parameter("total", Long.toString(job.getTotal()))
        .parameter("skipped", Long.toString(job.getSkipped()))
        .parameter("failed", Long.toString(job.getFailed()));
    op.key(job.getKmsKeyArn(), job.getTargetVersion());
    Optional.of(job.getBucket())
        .filter(x -> !x.isEmpty())
        .ifPresent(x -> op.parameter("bucket", x));
  }

  @Override
  public void close() {
    stopping = true;
    wake();
    // Uninterruptibly: the store closes next, and the runner must not be inside it then.
    boolean interrupted =
        Uninterruptibly.await(
            Duration.ofSeconds(10),
            n -> {
              thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(n)));
              return !thread.isAlive();
            });
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
