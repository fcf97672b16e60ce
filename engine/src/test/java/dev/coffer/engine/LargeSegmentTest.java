package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments larger than one 16 KiB cipher call take the verify-by-recomputation decryption path;
 * these tests run it, including reading the same segment twice in a row on one thread.
 */
class LargeSegmentTest {
  private static final int SEGMENT = 256 * 1024;

  @TempDir Path dir;

  @Test
  void largeSegments_roundTrip_andReadTwiceInARow() throws IOException {
    try (EngineFixture fx = new EngineFixture(dir, b -> b.segmentSize(SEGMENT))) {
      ObjectStore s3 = fx.root();
      s3.createBucket(CreateBucketRequest.of("large"));
      byte[] data = ObjectRoundTripTest.random(2 * SEGMENT + 12345, 5);
      s3.putObject(PutObjectRequest.builder("large", "obj").build(), data);
      for (int i = 0; i < 3; i++) {
        try (ObjectContent c = s3.getObject(GetObjectRequest.of("large", "obj"))) {
          assertThat(c.readAllBytes()).isEqualTo(data);
        }
      }
      try (ObjectContent c =
          s3.getObject(GetObjectRequest.of("large", "obj").range(SEGMENT - 1, SEGMENT + 1))) {
        assertThat(c.readAllBytes())
            .containsExactly(data[SEGMENT - 1], data[SEGMENT], data[SEGMENT + 1]);
      }
    }
  }

  @Test
  void aFlippedBitInALargeSegment_isCaughtByTheRecomputedTag() throws Exception {
    try (EngineFixture fx = new EngineFixture(dir, b -> b.segmentSize(SEGMENT))) {
      ObjectStore s3 = fx.root();
      s3.createBucket(CreateBucketRequest.of("large"));
      s3.putObject(
          PutObjectRequest.builder("large", "obj").build(),
          ObjectRoundTripTest.random(SEGMENT + 10, 6));
      byte[] version =
          dev.coffer.format.v1.ObjectRecord.parseFrom(
                  EngineInspector.get(fx, "OBJECTS", EngineInspector.objectRow("large", "obj")))
              .getVersionId()
              .toByteArray();
      byte[] row = EngineInspector.chunkRow(version, 0);
      byte[] good = EngineInspector.get(fx, "CHUNKS", row);
      for (int at : new int[] {0, 16 * 1024, SEGMENT - 1, SEGMENT + 3}) {
        byte[] bad = good.clone();
        bad[at] ^= 0x40;
        EngineInspector.put(fx, "CHUNKS", row, bad);
        assertThat(ObjectIntegrityTest.failureOf(s3, "large", "obj"))
            .as("tampered byte %d", at)
            .isEqualTo(ErrorCode.INTEGRITY_FAILURE);
      }
    }
  }
}
