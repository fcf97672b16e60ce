package dev.coffer.engine;

import static dev.coffer.engine.EngineFixture.SEGMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.InvalidArgumentException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments past {@code loggedSegmentBytes} skip RocksDB's write-ahead log and are flushed before
 * the object's record commits. The crash test kills a writer on this path; these cover the
 * configurations and failures it does not.
 */
class UnloggedSegmentsTest {
  @TempDir Path dir;

  @Test
  void put_pastLoggedBytes_withSyncWrites_readsBackAfterReopen() throws IOException {
    try (EngineFixture fx = new EngineFixture(dir, b -> b.syncWrites(true).loggedSegmentBytes(0))) {
      fx.root().createBucket(CreateBucketRequest.of("data"));
      byte[] data = ObjectRoundTripTest.random(10 * SEGMENT + 7, 1);
      fx.root().putObject(PutObjectRequest.builder("data", "big").build(), data);
      fx.reopen();
      assertThat(
              ObjectRoundTripTest.readAll(fx.root().getObject(GetObjectRequest.of("data", "big"))))
          .isEqualTo(data);
      assertThat(EngineInspector.chunkCount(fx)).isEqualTo(11);
    }
  }

  @Test
  void failedUpload_pastLoggedBytes_leavesNoSegments_andThePreviousVersionIntact()
      throws IOException {
    try (EngineFixture fx = new EngineFixture(dir, b -> b.loggedSegmentBytes(2 * SEGMENT))) {
      fx.root().createBucket(CreateBucketRequest.of("data"));
      byte[] before = ObjectRoundTripTest.random(3 * SEGMENT, 2);
      fx.root().putObject(PutObjectRequest.builder("data", "obj").build(), before);
      InputStream failsLate =
          new java.io.SequenceInputStream(
              new ByteArrayInputStream(new byte[12 * SEGMENT]),
              new InputStream() {
                @Override
                public int read() throws IOException {
                  throw new IOException("connection reset");
                }
              });

      assertThatThrownBy(
              () -> fx.root().putObject(PutObjectRequest.builder("data", "obj").build(), failsLate))
          .isInstanceOf(UncheckedIOException.class);

      fx.reopen();
      assertThat(
              ObjectRoundTripTest.readAll(fx.root().getObject(GetObjectRequest.of("data", "obj"))))
          .isEqualTo(before);
      assertThat(EngineInspector.chunkCount(fx)).isEqualTo(3);
    }
  }

  @Test
  void negativeLoggedBytes_isRefused() {
    assertThatThrownBy(() -> Coffer.builder(dir).loggedSegmentBytes(-1))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("logged segment bytes");
  }
}
