package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.engine.internal.store.KeyCounts;
import dev.coffer.format.v1.BucketKeyRecord;
import dev.coffer.format.v1.ObjectRecord;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM running a rewrap over 10,000 objects is killed at random moments, again and again,
 * each new child resuming the job from its checkpoint. In the end the job has succeeded, every
 * object reads back, and every wrapped key is under the new version: nothing was skipped, and no
 * step redone after a kill broke a record.
 */
class RewrapCrashTest {
  private static final int DIRECT = 10_000;
  private static final int KEYED = 300;
  private static final int KILLS = 8;

  @TempDir Path dir;
  private final long seed = Long.getLong("coffer.crash.seed", System.nanoTime());
  private final Random random = new Random(seed);

  /** Surefire keeps this in the test's output file: a failure reruns with the same kills. */
  @BeforeEach
  void printSeed() {
    System.out.println("crash seed " + seed + " (rerun with -Dcoffer.crash.seed=" + seed + ")");
  }

  @Test
  @Timeout(300)
  void rewrapKilledAtRandomPoints_resumesAndCompletes_withEveryObjectReadable() throws Exception {
    String jobId;
    String keyArn;
    try (EngineFixture fx = new EngineFixture(dir)) {
      ObjectStore s3 = fx.root();
      KeyMetadata key = fx.kms().createKey(CreateKeyRequest.defaults());
      keyArn = key.arn();
      s3.createBucket(CreateBucketRequest.of("direct", new BucketEncryption(key.arn(), false)));
      s3.createBucket(CreateBucketRequest.of("keyed", new BucketEncryption(key.arn(), true)));
      for (int i = 0; i < DIRECT; i++) {
        s3.putObject(PutObjectRequest.builder("direct", name(i)).build(), content("direct", i));
      }
      for (int i = 0; i < KEYED; i++) {
        s3.putObject(PutObjectRequest.builder("keyed", name(i)).build(), content("keyed", i));
      }
      // Started here and closed at once: the job is left RUNNING for the children to carry on.
      jobId =
          fx.coffer()
              .rotation(Caller.of(fx.rootPrincipal()))
              .rotate(key.keyId(), true, false)
              .orElseThrow()
              .jobId();
    }

    int kills = 0;
    List<Long> progressAtKill = new ArrayList<>();
    String finished = null;
    // Each child gets up to 400 ms of work before it is killed; the last one runs to the end.
    for (int round = 0; round <= KILLS && finished == null; round++) {
      boolean last = round == KILLS;
      try (ChildJvm child = ChildJvm.start(RewrapProcess.class, dir.toString(), jobId)) {
        assertThat(child.readLine()).as("seed %d: child opened the store", seed).isEqualTo("OPEN");
        long deadline = System.nanoTime() + random.nextInt(400) * 1_000_000L;
        long done = -1;
        while (last || System.nanoTime() < deadline) {
          String line = child.readLine();
          assertThat(line).as("seed %d: child output", seed).isNotNull();
          if (line.startsWith("FINISHED ")) {
            finished = line.substring("FINISHED ".length());
            break;
          }
          done = Long.parseLong(line.substring("DONE-SO-FAR ".length()));
        }
        if (finished == null) {
          child.kill();
          kills++;
          progressAtKill.add(done);
        }
      }
    }
    assertThat(finished)
        .as("seed %d: the job finished after %d kills", seed, kills)
        .isEqualTo("SUCCEEDED");
    assertThat(kills)
        .as("seed %d: killed mid-job at least three times", seed)
        .isGreaterThanOrEqualTo(3);
    assertThat(progressAtKill)
        .as("seed %d: the job advanced across restarts", seed)
        .anySatisfy(d -> assertThat(d).isGreaterThan(0));

    try (EngineFixture fx = new EngineFixture(dir)) {
      ObjectStore s3 = fx.root();
      JobStatus status = fx.coffer().rotation(Caller.of(fx.rootPrincipal())).job(jobId);
      assertThat(status.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(status.failed()).isZero();
      assertThat(status.done()).as("never counted twice").isLessThanOrEqualTo(DIRECT + 1 + KEYED);
      checkBucket(fx, s3, "direct", DIRECT);
      checkBucket(fx, s3, "keyed", KEYED);
      assertThat(EngineInspector.storedKeyCounts(fx.coffer()))
          .as("seed %d: key counts after the kills", seed)
          .isEqualTo(EngineInspector.scannedKeyCounts(fx.coffer()))
          .containsOnlyKeys(new KeyCounts.Slot(keyArn, 2));
      List<byte[]> bucketKeys = EngineInspector.values(fx, "BUCKET_KEYS");
      assertThat(bucketKeys).hasSize(1);
      assertThat(BucketKeyRecord.parseFrom(bucketKeys.get(0)).getKmsKeyVersion()).isEqualTo(2);
    }
  }

  private static void checkBucket(EngineFixture fx, ObjectStore s3, String bucket, int count)
      throws IOException {
    List<ObjectSummary> listed;
    int seen = 0;
    String after = null;
    while (true) {
      ListObjectsRequest.Builder req = ListObjectsRequest.builder(bucket).maxKeys(1000);
      if (after != null) {
        req.startAfter(after);
      }
      listed = s3.listObjects(req.build()).contents();
      if (listed.isEmpty()) {
        break;
      }
      for (ObjectSummary o : listed) {
        int i = Integer.parseInt(o.key().substring(1));
        ObjectRecord r =
            ObjectRecord.parseFrom(
                EngineInspector.get(fx, "OBJECTS", EngineInspector.objectRow(bucket, o.key())));
        if (!r.hasBucketKey()) {
          assertThat(r.getKmsKeyVersion()).as("%s/%s version", bucket, o.key()).isEqualTo(2);
        }
        assertThat(s3.headObject(bucket, o.key()).kmsKeyVersion())
            .as("%s/%s version", bucket, o.key())
            .isEqualTo(2);
        try (ObjectContent c = s3.getObject(GetObjectRequest.of(bucket, o.key()))) {
          assertThat(c.readAllBytes()).as("%s/%s", bucket, o.key()).isEqualTo(content(bucket, i));
        }
        seen++;
        after = o.key();
      }
    }
    assertThat(seen).as("objects in %s", bucket).isEqualTo(count);
  }

  private static String name(int i) {
    return String.format("o%05d", i);
  }

  private static byte[] content(String bucket, int i) {
    return ObjectRoundTripTest.random(40 + i % 200, (bucket + i).hashCode());
  }
}
