package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.coffer.engine.internal.store.KeyCounts;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CreateKeyRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stored per-key-version counts of directly wrapped objects (what lets a rewrap skip reading
 * every object record) equal what a scan of the records finds, after every step of random sequences
 * of puts, overwrites, deletes, copies, rotations, rewrap, deep and key-change jobs, and reopening.
 */
class KeyCountTest {
  private static final String[] BUCKETS = {"direct", "keyed"};
  private static final int OPERATIONS = 12;

  @TempDir Path dir;
  private final AtomicInteger examples = new AtomicInteger();

  @Test
  @Timeout(900)
  void counts_equalAScanOfTheRecords_afterEveryStepOfRandomOperationSequences() {
    qt().withExamples(10)
        .withShrinkCycles(10)
        .forAll(
            lists().of(integers().between(0, OPERATIONS - 1)).ofSizeBetween(5, 30), longs().all())
        .checkAssert(this::run);
  }

  @Test
  @Timeout(120)
  void counts_afterARewrapOfSeveralCheckpointsAcrossTwoVersions_equalAScan() throws Exception {
    // More objects than one checkpoint moves, under two old versions: each checkpoint's count
    // changes are added up per version before they are written.
    try (EngineFixture fx = new EngineFixture(dir.resolve("several-checkpoints"))) {
      String key = fx.kms().createKey(CreateKeyRequest.defaults()).arn();
      fx.root().createBucket(CreateBucketRequest.of("direct", new BucketEncryption(key, false)));
      for (int i = 0; i < 150; i++) {
        if (i == 100) {
          fx.kms().rotateKeyOnDemand(key);
        }
        fx.root()
            .putObject(PutObjectRequest.builder("direct", "o" + i).build(), new byte[] {(byte) i});
      }
      RotationService rotation = fx.coffer().rotation(Caller.of(fx.rootPrincipal()));
      JobStatus job = rotation.rotate(key, true, false).orElseThrow();
      assertThat(rotation.awaitJob(job.jobId(), Duration.ofSeconds(60)).done()).isEqualTo(150);
      assertThat(EngineInspector.storedKeyCounts(fx.coffer()))
          .isEqualTo(EngineInspector.scannedKeyCounts(fx.coffer()))
          .containsOnlyKeys(new KeyCounts.Slot(key, 3));
    }
  }

  private void run(List<Integer> operations, long seed) {
    Path directory = dir.resolve("example-" + examples.incrementAndGet());
    try (EngineFixture fx = new EngineFixture(directory)) {
      Scenario s = new Scenario(fx, new Random(seed));
      List<String> done = new ArrayList<>();
      for (int operation : operations) {
        done.add(s.apply(operation));
        assertThat(EngineInspector.storedKeyCounts(fx.coffer()))
            .as("counts after %s", done)
            .isEqualTo(EngineInspector.scannedKeyCounts(fx.coffer()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Two keys, a bucket without and one with bucket keys, five object names in each. */
  private static final class Scenario {
    private final EngineFixture fx;
    private final Random random;
    private final String keyA;
    private final String keyB;
    private final TreeSet<String> existing = new TreeSet<>();

    Scenario(EngineFixture fx, Random random) {
      this.fx = fx;
      this.random = random;
      this.keyA = fx.kms().createKey(CreateKeyRequest.defaults()).arn();
      this.keyB = fx.kms().createKey(CreateKeyRequest.defaults()).arn();
      fx.root().createBucket(CreateBucketRequest.of("direct", new BucketEncryption(keyA, false)));
      fx.root().createBucket(CreateBucketRequest.of("keyed", new BucketEncryption(keyA, true)));
    }

    String apply(int operation) throws InterruptedException {
      ObjectStore s3 = fx.root();
      RotationService rotation = fx.coffer().rotation(Caller.of(fx.rootPrincipal()));
      String bucket = BUCKETS[random.nextInt(2)];
      String name = "k" + random.nextInt(5);
      String key = random.nextBoolean() ? keyA : keyB;
      switch (operation) {
        case 0, 1, 2 -> {
          put(s3, PutObjectRequest.builder(bucket, name).build());
          return "put " + bucket + "/" + name;
        }
        case 3 -> {
          boolean bucketKey = random.nextBoolean();
          put(s3, PutObjectRequest.builder(bucket, name).kmsKeyId(key).bucketKeyEnabled(bucketKey));
          return "put " + bucket + "/" + name + " under " + key + " bucket key " + bucketKey;
        }
        case 4, 5 -> {
          s3.deleteObject(bucket, name);
          existing.remove(bucket + "/" + name);
          return "delete " + bucket + "/" + name;
        }
        case 6 -> {
          if (existing.isEmpty()) {
            return "no copy";
          }
          String from = new ArrayList<>(existing).get(random.nextInt(existing.size()));
          String[] source = from.split("/", 2);
          s3.copyObject(
              CopyObjectRequest.of(
                  source[0], source[1], PutObjectRequest.builder(bucket, name).build()));
          existing.add(bucket + "/" + name);
          return "copy " + from + " to " + bucket + "/" + name;
        }
        case 7 -> {
          fx.kms().rotateKeyOnDemand(key);
          return "rotate " + key;
        }
        case 8 -> {
          await(rotation, rotation.rotate(key, true, false).orElseThrow());
          return "rotate and rewrap " + key;
        }
        case 9 -> {
          await(rotation, rotation.rotate(key, false, true).orElseThrow());
          return "rotate and re-encrypt " + key;
        }
        case 10 -> {
          await(rotation, rotation.changeBucketKey(bucket, key));
          return "move " + bucket + " to " + key;
        }
        default -> {
          fx.reopen();
          return "reopen";
        }
      }
    }

    private void put(ObjectStore s3, PutObjectRequest.Builder request) {
      put(s3, request.build());
    }

    private void put(ObjectStore s3, PutObjectRequest request) {
      s3.putObject(request, ObjectRoundTripTest.random(1 + random.nextInt(100), random.nextLong()));
      existing.add(request.bucket() + "/" + request.key());
    }

    private static void await(RotationService rotation, JobStatus job) throws InterruptedException {
      assertThat(rotation.awaitJob(job.jobId(), Duration.ofSeconds(60)).state())
          .as("job %s", job.kind())
          .isEqualTo(JobState.SUCCEEDED);
    }
  }
}
