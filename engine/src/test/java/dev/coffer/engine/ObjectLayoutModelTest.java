package dev.coffer.engine;

import static dev.coffer.engine.EngineFixture.SEGMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.coffer.format.v1.ObjectRecord;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CreateKeyRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random sequences of puts of sizes around the inline limit and the segment size, overwrites,
 * copies, deletes, rewrap and re-encryption jobs, and reopening with inlining switched on or off:
 * after every step each object reads back as a model of the store says, and the chunks rows are
 * exactly those of the stored records that keep their data in rows (none orphaned, none missing).
 */
class ObjectLayoutModelTest {
  private static final int[] SIZES = {0, 1, 700, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT};
  private static final int OPERATIONS = 7;

  @TempDir Path dir;
  private final AtomicInteger examples = new AtomicInteger();

  @Test
  @Timeout(600)
  void everyStep_readsAsTheModelSays_andLeavesExactlyTheRecordsChunkRows() {
    qt().withExamples(30)
        .withShrinkCycles(10)
        .forAll(
            lists().of(integers().between(0, OPERATIONS - 1)).ofSizeBetween(5, 25), longs().all())
        .checkAssert(this::run);
  }

  private void run(List<Integer> operations, long seed) {
    Random random = new Random(seed);
    boolean[] inline = {true};
    Path directory = dir.resolve("example-" + examples.incrementAndGet());
    EngineFixture fx = new EngineFixture(directory, b -> b.inlineObjectBytes(inline[0] ? 1000 : 0));
    try {
      String key = fx.kms().createKey(CreateKeyRequest.defaults()).arn();
      fx.root().createBucket(CreateBucketRequest.of("direct", new BucketEncryption(key, false)));
      fx.root().createBucket(CreateBucketRequest.of("keyed", new BucketEncryption(key, true)));
      Map<String, byte[]> model = new TreeMap<>();
      List<String> done = new ArrayList<>();
      for (int operation : operations) {
        String bucket = random.nextBoolean() ? "direct" : "keyed";
        String name = bucket + "/k" + random.nextInt(3);
        String objectKey = name.substring(bucket.length() + 1);
        ObjectStore s3 = fx.root();
        RotationService rotation = fx.coffer().rotation(Caller.of(fx.rootPrincipal()));
        switch (operation) {
          case 0, 1 -> {
            byte[] data =
                ObjectRoundTripTest.random(SIZES[random.nextInt(SIZES.length)], random.nextLong());
            s3.putObject(PutObjectRequest.builder(bucket, objectKey).build(), data);
            model.put(name, data);
            done.add("put " + name + " " + data.length);
          }
          case 2 -> {
            s3.deleteObject(bucket, objectKey);
            model.remove(name);
            done.add("delete " + name);
          }
          case 3 -> {
            if (model.isEmpty()) {
              continue;
            }
            String from = new ArrayList<>(model.keySet()).get(random.nextInt(model.size()));
            String[] source = from.split("/", 2);
            s3.copyObject(
                CopyObjectRequest.of(
                    source[0], source[1], PutObjectRequest.builder(bucket, objectKey).build()));
            model.put(name, model.get(from));
            done.add("copy " + from + " to " + name);
          }
          case 4 -> {
            await(rotation, rotation.rotate(key, true, false).orElseThrow());
            done.add("rotate and rewrap");
          }
          case 5 -> {
            await(rotation, rotation.rotate(key, false, true).orElseThrow());
            done.add("rotate and re-encrypt");
          }
          default -> {
            fx.close();
            inline[0] = !inline[0];
            fx = new EngineFixture(directory, b -> b.inlineObjectBytes(inline[0] ? 1000 : 0));
            done.add("reopen, inline " + inline[0]);
          }
        }
        check(fx, model, done);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      fx.close();
    }
  }

  private static void check(EngineFixture fx, Map<String, byte[]> model, List<String> done)
      throws IOException {
    long rows = 0;
    for (Map.Entry<String, byte[]> e : model.entrySet()) {
      String[] name = e.getKey().split("/", 2);
      assertThat(
              ObjectRoundTripTest.readAll(
                  fx.root().getObject(GetObjectRequest.of(name[0], name[1]))))
          .as("%s after %s", e.getKey(), done)
          .isEqualTo(e.getValue());
      ObjectRecord r = EngineInspector.objectRecord(fx.coffer(), name[0], name[1]);
      rows += r.getInlineSegment().isEmpty() ? r.getSegmentCount() : 0;
    }
    assertThat(EngineInspector.chunkCount(fx)).as("chunks rows after %s", done).isEqualTo(rows);
  }

  private static void await(RotationService rotation, JobStatus job) throws InterruptedException {
    assertThat(rotation.awaitJob(job.jobId(), Duration.ofSeconds(60)).state())
        .as("job %s", job.kind())
        .isEqualTo(JobState.SUCCEEDED);
  }
}
