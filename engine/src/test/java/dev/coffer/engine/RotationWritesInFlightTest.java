package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.engine.internal.store.StorageFaults;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CreateKeyRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that took its data key before a rotation (or read its bucket's key before the bucket's
 * key changed) and commits after the job's scan has passed its row must not be left behind: jobs
 * wait for the writes begun before them. Each test holds one put inside its commit while the job
 * starts.
 */
@Timeout(60)
class RotationWritesInFlightTest {
  @TempDir Path dir;

  /** Per held thread name: reached its commit, and may go on. */
  private final Map<String, CountDownLatch[]> held = new ConcurrentHashMap<>();

  /** Holds the first commit of each thread named "held-…" until {@link #release} names it. */
  private final StorageFaults holdWriters =
      (step, family) -> {
        String name = Thread.currentThread().getName();
        if (step == StorageFaults.Step.COMMIT && name.startsWith("held-")) {
          CountDownLatch[] latches = latches(name);
          if (latches[0].getCount() > 0) {
            latches[0].countDown();
            try {
              latches[1].await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }
      };

  private CountDownLatch[] latches(String name) {
    return held.computeIfAbsent(
        name, n -> new CountDownLatch[] {new CountDownLatch(1), new CountDownLatch(1)});
  }

  private void awaitHolding(String name) throws InterruptedException {
    latches(name)[0].await();
  }

  private void release(String name) {
    latches(name)[1].countDown();
  }

  @Test
  void rewrap_waitsForAPutThatTookItsDataKeyBeforeTheRotation_andMovesIt() throws Exception {
    try (EngineFixture fx = new EngineFixture(dir, b -> b.storageFaults(holdWriters))) {
      ObjectStore s3 = fx.root();
      String key = fx.kms().createKey(CreateKeyRequest.defaults()).arn();
      s3.createBucket(CreateBucketRequest.of("direct", new BucketEncryption(key, false)));
      s3.putObject(PutObjectRequest.builder("direct", "before").build(), new byte[] {1});
      Thread slow = putOnItsOwnThread(s3, "direct", "in-flight", "held-1");
      awaitHolding("held-1");

      RotationService rotation = fx.coffer().rotation(Caller.of(EngineFixture.ROOT));
      JobStatus job = rotation.rotate(key, true, false).orElseThrow();
      JobStatus meanwhile = rotation.awaitJob(job.jobId(), Duration.ofMillis(500));
      release("held-1");
      slow.join();
      JobStatus done = rotation.awaitJob(job.jobId(), Duration.ofSeconds(30));

      assertThat(meanwhile.state()).as("still waiting for the put").isEqualTo(JobState.RUNNING);
      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(s3.headObject("direct", "before").kmsKeyVersion()).isEqualTo(2);
      assertThat(s3.headObject("direct", "in-flight").kmsKeyVersion())
          .as("committed under version 1 after the rotation, then moved")
          .isEqualTo(2);
    }
  }

  @Test
  void changeBucketKey_waitsForAPutThatReadTheOldKey_andMovesIt() throws Exception {
    try (EngineFixture fx = new EngineFixture(dir, b -> b.storageFaults(holdWriters))) {
      ObjectStore s3 = fx.root();
      String from = fx.kms().createKey(CreateKeyRequest.defaults()).arn();
      String to = fx.kms().createKey(CreateKeyRequest.defaults()).arn();
      s3.createBucket(CreateBucketRequest.of("moving", new BucketEncryption(from, false)));
      Thread slow = putOnItsOwnThread(s3, "moving", "in-flight", "held-1");
      awaitHolding("held-1");

      RotationService rotation = fx.coffer().rotation(Caller.of(EngineFixture.ROOT));
      JobStatus job = rotation.changeBucketKey("moving", to);
      rotation.awaitJob(job.jobId(), Duration.ofMillis(500));
      release("held-1");
      slow.join();
      JobStatus done = rotation.awaitJob(job.jobId(), Duration.ofSeconds(30));

      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(s3.headObject("moving", "in-flight").kmsKeyArn()).isEqualTo(to);
    }
  }

  @Test
  void aWriteBegunAfterTheJobStarted_doesNotHoldItUp() throws Exception {
    try (EngineFixture fx = new EngineFixture(dir, b -> b.storageFaults(holdWriters))) {
      ObjectStore s3 = fx.root();
      String key = fx.kms().createKey(CreateKeyRequest.defaults()).arn();
      s3.createBucket(CreateBucketRequest.of("direct", new BucketEncryption(key, false)));
      s3.putObject(PutObjectRequest.builder("direct", "before").build(), new byte[] {1});
      Thread first = putOnItsOwnThread(s3, "direct", "first", "held-1");
      awaitHolding("held-1");
      RotationService rotation = fx.coffer().rotation(Caller.of(EngineFixture.ROOT));
      JobStatus job = rotation.rotate(key, true, false).orElseThrow();
      rotation.awaitJob(job.jobId(), Duration.ofMillis(200));

      // Begun once the job waits: it took its data key under the new version, and stays held
      // while the job finishes.
      Thread second = putOnItsOwnThread(s3, "direct", "second", "held-2");
      release("held-1");
      first.join();
      JobStatus done = rotation.awaitJob(job.jobId(), Duration.ofSeconds(30));
      release("held-2");
      second.join();

      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(s3.headObject("direct", "first").kmsKeyVersion()).isEqualTo(2);
      assertThat(s3.headObject("direct", "second").kmsKeyVersion()).isEqualTo(2);
    }
  }

  private static Thread putOnItsOwnThread(
      ObjectStore s3, String bucket, String key, String threadName) {
    Thread t =
        new Thread(
            () -> s3.putObject(PutObjectRequest.builder(bucket, key).build(), new byte[] {2}),
            threadName);
    t.start();
    return t;
  }
}
