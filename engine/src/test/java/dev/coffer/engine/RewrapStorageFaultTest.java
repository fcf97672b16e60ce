package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeystoreUnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rewrap job's writes failing: its bucket-key move, its checkpoints with the moved records. The
 * job must stay RUNNING with nothing half-moved, resume from its last checkpoint once storage works
 * again, and count each object once.
 */
class RewrapStorageFaultTest {
  private static final String JOBS_THREAD = "coffer-jobs";
  private static final int DIRECT_OBJECTS = 70; // more than one checkpoint's 64

  @TempDir Path dir;

  record Fault(String name, Consumer<StorageFaultPlan> arm) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Fault> faults() {
    // The job's writes: the bucket key, the bucket-key phase's checkpoint, then one checkpoint
    // per 64 objects with their records, then the finished job.
    return Stream.of(
        new Fault("every write failing (a full disk)", f -> f.failWritesOf(JOBS_THREAD)),
        new Fault("the bucket key's move failing once", f -> f.failWriteOf(JOBS_THREAD, 1)),
        new Fault("the first object checkpoint failing once", f -> f.failWriteOf(JOBS_THREAD, 3)),
        new Fault("the last object checkpoint failing once", f -> f.failWriteOf(JOBS_THREAD, 4)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  @Timeout(60)
  void rewrap_whenItsWritesFail_staysRunningUnchangedThenResumesAndMovesEachObjectOnce(Fault fault)
      throws Exception {
    StorageFaultPlan faults = new StorageFaultPlan();
    try (EngineFixture fx = new EngineFixture(dir, b -> b.storageFaults(faults))) {
      String key = fx.kms().createKey(CreateKeyRequest.defaults()).arn();
      ObjectStore s3 = fx.root();
      s3.createBucket(CreateBucketRequest.of("direct", new BucketEncryption(key, false)));
      s3.createBucket(CreateBucketRequest.of("keyed", new BucketEncryption(key, true)));
      for (int i = 0; i < DIRECT_OBJECTS; i++) {
        s3.putObject(PutObjectRequest.builder("direct", "o" + i).build(), new byte[] {(byte) i});
      }
      for (int i = 0; i < 3; i++) {
        s3.putObject(PutObjectRequest.builder("keyed", "o" + i).build(), new byte[] {(byte) i});
      }
      StoreSnapshot before = StoreSnapshot.of(s3);
      RotationService rotation = fx.coffer().rotation(Caller.of(fx.rootPrincipal()));

      fault.arm().accept(faults);
      JobStatus job = rotation.rotate(key, true, false).orElseThrow();
      awaitFault(faults);
      if (fault.name().contains("every write")) {
        assertThat(rotation.job(job.jobId()).state()).isEqualTo(JobState.RUNNING);
        assertThat(StoreSnapshot.of(s3)).as("nothing moved while storage fails").isEqualTo(before);
        // The status says why the job makes no progress (bounded by the test's timeout).
        JobStatus stalled = rotation.job(job.jobId());
        while (stalled.error().isEmpty()) {
          Thread.sleep(5);
          stalled = rotation.job(job.jobId());
        }
        assertThat(stalled.error().orElseThrow()).startsWith("stalled, retrying every 2 s: ");
        assertThat(stalled.state()).isEqualTo(JobState.RUNNING);
      }
      faults.clear();
      JobStatus done = rotation.awaitJob(job.jobId(), Duration.ofSeconds(30));

      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(done.done()).as("the objects and the bucket key, each once").isEqualTo(71);
      assertThat(done.failed()).isZero();
      assertThat(done.error()).as("no longer stalled").isEmpty();
      assertMovedAndUnchanged(fx, before);
      fx.reopen();
      assertMovedAndUnchanged(fx, before);
    }
  }

  @Test
  @Timeout(60)
  void rotate_whenItsJobCannotBeStored_failsTypedAndAuditsTheStartAsFailed() throws Exception {
    StorageFaultPlan faults = new StorageFaultPlan();
    try (EngineFixture fx = new EngineFixture(dir, b -> b.storageFaults(faults))) {
      String key = fx.kms().createKey(CreateKeyRequest.defaults()).arn();
      fx.root().createBucket(CreateBucketRequest.of("direct", new BucketEncryption(key, false)));
      fx.root().putObject(PutObjectRequest.builder("direct", "o").build(), new byte[] {1});
      RotationService rotation = fx.coffer().rotation(Caller.of(fx.rootPrincipal()));

      faults.failWrite(1, true);
      Throwable thrown = catchThrowable(() -> rotation.rotate(key, true, false));
      faults.clear();

      assertThat(thrown)
          .isInstanceOfSatisfying(
              KeystoreUnavailableException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.STORAGE_FAILURE));
      AuditEvent event = fx.lastEngineEvent();
      assertThat(event.eventName()).isEqualTo("RotationJobStarted");
      assertThat(event.outcome()).isEqualTo(AuditOutcome.ERROR);
      assertThat(event.errorCode()).contains(ErrorCode.STORAGE_FAILURE);
      assertThat(rotation.listJobs()).isEmpty();
      // The key did rotate (the keystore's change is its own); a rewrap started now finishes it.
      JobStatus job = rotation.rewrap(key);
      assertThat(rotation.awaitJob(job.jobId(), Duration.ofSeconds(30)).state())
          .isEqualTo(JobState.SUCCEEDED);
      assertThat(fx.root().headObject("direct", "o").kmsKeyVersion()).isEqualTo(2);
    }
  }

  private static void assertMovedAndUnchanged(EngineFixture fx, StoreSnapshot before) {
    StoreSnapshot now = StoreSnapshot.of(fx.root());
    assertThat(contents(now)).isEqualTo(contents(before));
    now.buckets()
        .forEach(
            (bucket, state) ->
                state
                    .objects()
                    .forEach(
                        (k, o) ->
                            assertThat(o.head().kmsKeyVersion())
                                .as("%s/%s", bucket, k)
                                .isEqualTo(2)));
    assertThat(EngineInspector.storedKeyCounts(fx.coffer()))
        .isEqualTo(EngineInspector.scannedKeyCounts(fx.coffer()));
  }

  /** Each object's version id and content: what a rewrap must leave as it is. */
  private static Map<String, String> contents(StoreSnapshot s) {
    Map<String, String> out = new TreeMap<>();
    s.buckets()
        .forEach(
            (bucket, state) ->
                state
                    .objects()
                    .forEach(
                        (k, o) ->
                            out.put(
                                bucket + "/" + k, o.head().versionId() + " " + o.contentSha256())));
    return out;
  }

  private static void awaitFault(StorageFaultPlan faults) throws InterruptedException {
    // Bounded by the test's timeout, not asserted on: only the order of events matters.
    while (faults.fired() == 0) {
      Thread.sleep(5);
    }
  }
}
