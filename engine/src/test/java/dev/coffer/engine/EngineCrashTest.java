package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM putting small and multi-segment objects is killed at random moments, repeatedly.
 * After each reopen every acknowledged object reads back intact, every visible object is complete,
 * and no segment of an interrupted upload is left behind.
 */
class EngineCrashTest {
  private static final int ROUNDS = 6;

  @TempDir Path dir;
  private final long seed = Long.getLong("coffer.crash.seed", System.nanoTime());
  private final Random random = new Random(seed);

  /** Surefire keeps this in the test's output file: a failure reruns with the same kills. */
  @BeforeEach
  void printSeed() {
    System.out.println("crash seed " + seed + " (rerun with -Dcoffer.crash.seed=" + seed + ")");
  }

  @Test
  @Timeout(180)
  void killedWhilePutting_losesNothingAcknowledged_andShowsNoPartialObject() throws Exception {
    int next = 0;
    for (int round = 0; round < ROUNDS; round++) {
      int lastAck = next - 1;
      try (ChildJvm child =
          ChildJvm.start(EngineWriterProcess.class, dir.toString(), Integer.toString(next))) {
        int acks = 1 + random.nextInt(25);
        for (int i = 0; i < acks; i++) {
          String line = child.readLine();
          assertThat(line).as("child output").startsWith("ACK ");
          lastAck = Integer.parseInt(line.substring(4));
        }
        Thread.sleep(random.nextInt(30));
        child.kill();
        // What the child acknowledged before it died but this reader had not reached counts too.
        for (String line : child.remainingLines()) {
          if (line.startsWith("ACK ")) {
            lastAck = Math.max(lastAck, Integer.parseInt(line.substring(4)));
          }
        }
      }
      try (EngineFixture fx = new EngineFixture(dir)) {
        ObjectStore s3 = fx.root();
        long segments = 0;
        for (ObjectSummary o :
            s3.listObjects(ListObjectsRequest.builder("crash").build()).contents()) {
          int n = Integer.parseInt(o.key().substring(4));
          assertThat(read(s3, o.key())).as(o.key()).isEqualTo(EngineWriterProcess.contents(n));
          // Objects of one segment, up to the default inline limit, keep their data in the record.
          if (o.size() > Coffer.DEFAULT_INLINE_OBJECT_BYTES || o.size() > EngineFixture.SEGMENT) {
            segments += (o.size() + EngineFixture.SEGMENT - 1) / EngineFixture.SEGMENT;
          }
          next = Math.max(next, n + 1);
        }
        for (int n = 0; n <= lastAck; n++) {
          assertThat(read(s3, "obj-" + n))
              .as("acknowledged obj-%d", n)
              .isEqualTo(EngineWriterProcess.contents(n));
        }
        assertThat(EngineInspector.chunkCount(fx)).as("no orphaned segments").isEqualTo(segments);
        assertThat(EngineInspector.storedKeyCounts(fx.coffer()))
            .as("key counts")
            .isEqualTo(EngineInspector.scannedKeyCounts(fx.coffer()));
        next = Math.max(next, lastAck + 1);
      }
    }
  }

  private static byte[] read(ObjectStore s3, String key) throws IOException {
    try (ObjectContent c = s3.getObject(GetObjectRequest.of("crash", key))) {
      return c.readAllBytes();
    }
  }
}
