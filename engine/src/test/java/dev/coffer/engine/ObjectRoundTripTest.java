package dev.coffer.engine;

import static dev.coffer.engine.EngineFixture.SEGMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.EncryptionContext;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectRoundTripTest {
  @TempDir Path dir;
  EngineFixture fx;
  ObjectStore s3;

  /** The engine keeps one-segment objects in their records by default (record format version 2). */
  Coffer.Builder options(Coffer.Builder b) {
    return b;
  }

  /** Chunks rows of a stored object of this many segments. */
  long chunkRows(int segments) {
    return segments == 1 ? 0 : segments;
  }

  @BeforeEach
  void setUp() {
    fx = new EngineFixture(dir, this::options);
    s3 = fx.root();
    s3.createBucket(CreateBucketRequest.of("data"));
    s3.createBucket(
        CreateBucketRequest.of(
            "keyed",
            new BucketEncryption(fx.kms().createKey(CreateKeyRequest.defaults()).arn(), true)));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void putObject_fromAStreamThatFails_throwsUncheckedIOException_andKeepsTheEarlierObject()
      throws IOException {
    byte[] before = random(100, 7);
    s3.putObject(PutObjectRequest.builder("data", "flaky").build(), before);
    InputStream failing =
        new java.io.SequenceInputStream(
            new ByteArrayInputStream(new byte[10]),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new IOException("connection reset");
              }
            });

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> s3.putObject(PutObjectRequest.builder("data", "flaky").build(), failing))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("connection reset");
    assertThat(fx.lastEngineEvent().errorMessage())
        .as("the caller's stream failed, not Coffer")
        .hasValueSatisfying(m -> assertThat(m).contains("connection reset"));
    assertThat(fx.lastEngineEvent().errorCode()).as("no code of Coffer's for a reset").isEmpty();
    assertThat(readAll(s3.getObject(GetObjectRequest.of("data", "flaky")))).isEqualTo(before);
  }

  @Test
  void putObject_fromAStreamThatFailsForACofferReason_recordsThatReasonsCode() {
    // What the sidecar's upload does when a client sends a second header mid-stream.
    InputStream refusing =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException(
                new dev.coffer.keystore.InvalidArgumentException("a second header"));
          }
        };

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> s3.putObject(PutObjectRequest.builder("data", "refused").build(), refusing))
        .isInstanceOf(java.io.UncheckedIOException.class);
    assertThat(fx.lastEngineEvent().errorCode())
        .contains(dev.coffer.keystore.ErrorCode.INVALID_ARGUMENT);
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] readAll(ObjectContent content) throws IOException {
    try (content) {
      return content.readAllBytes();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT + 5, 5 * SEGMENT})
  void putThenGet_returnsTheSameBytes_forEverySizeAroundSegmentBoundaries(int size)
      throws IOException {
    for (String bucket : new String[] {"data", "keyed"}) {
      byte[] data = random(size, size);
      ObjectInfo put = s3.putObject(PutObjectRequest.builder(bucket, "obj-" + size).build(), data);
      assertThat(put.size()).isEqualTo(size);
      try (ObjectContent got = s3.getObject(GetObjectRequest.of(bucket, "obj-" + size))) {
        assertThat(got.readAllBytes()).isEqualTo(data);
        assertThat(got.info().etag()).isEqualTo(put.etag());
      }
    }
  }

  @Test
  void putFromAStreamOfUnknownLength_storesEverything() throws IOException {
    byte[] data = random(7 * SEGMENT + 123, 7);
    InputStream trickle =
        new ByteArrayInputStream(data) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1000));
          }
        };
    s3.putObject(PutObjectRequest.builder("data", "stream").build(), trickle);
    assertThat(readAll(s3.getObject(GetObjectRequest.of("data", "stream")))).isEqualTo(data);
  }

  /** What a source's {@code available()} says: the writer sizes its buffer by it, nothing more. */
  enum Available {
    NOTHING,
    EXACT,
    TOO_LITTLE,
    TOO_MUCH,
    MAX_VALUE,
    FAILS
  }

  @ParameterizedTest
  @EnumSource(Available.class)
  void putFromAStream_storesExactlyItsBytes_whateverItsAvailableSays(Available says)
      throws IOException {
    for (int size : new int[] {0, 1, 4096, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT + 5}) {
      byte[] data = random(size, size);
      InputStream source =
          new ByteArrayInputStream(data) {
            @Override
            public synchronized int available() {
              int left = super.available();
              switch (says) {
                case NOTHING:
                  return 0;
                case TOO_LITTLE:
                  return left / 3;
                case TOO_MUCH:
                  return left * 2 + 10;
                case MAX_VALUE:
                  return Integer.MAX_VALUE;
                default: // EXACT; FAILS throws from the wrapper below before this is asked
                  return left;
              }
            }
          };
      InputStream checked =
          says == Available.FAILS
              ? new FilterInputStream(source) {
                @Override
                public int available() throws IOException {
                  throw new IOException("no estimate");
                }
              }
              : source;
      String key = says + "-" + size;
      assertThat(s3.putObject(PutObjectRequest.builder("keyed", key).build(), checked).size())
          .isEqualTo(size);
      assertThat(readAll(s3.getObject(GetObjectRequest.of("keyed", key)))).as(key).isEqualTo(data);
    }
  }

  @Test
  void randomContents_roundTrip() {
    qt().withExamples(40)
        .forAll(integers().between(0, 4 * SEGMENT + 7), longs().all())
        .checkAssert(
            (size, seed) -> {
              byte[] data = random(size, seed);
              s3.putObject(PutObjectRequest.builder("keyed", "q").build(), data);
              try {
                assertThat(readAll(s3.getObject(GetObjectRequest.of("keyed", "q"))))
                    .isEqualTo(data);
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void rangedGets_returnExactlyTheRange_atEveryBoundary() throws IOException {
    int size = 3 * SEGMENT + 10;
    byte[] data = random(size, 3);
    s3.putObject(PutObjectRequest.builder("data", "ranged").build(), data);
    int[] points = {
      0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 2 * SEGMENT, 3 * SEGMENT - 1, 3 * SEGMENT, size - 1
    };
    for (int first : points) {
      for (int last : points) {
        if (last < first) {
          continue;
        }
        try (ObjectContent c =
            s3.getObject(GetObjectRequest.of("data", "ranged").range(first, last))) {
          assertThat(c.readAllBytes())
              .as("%d-%d", first, last)
              .isEqualTo(Arrays.copyOfRange(data, first, last + 1));
          assertThat(c.first()).isEqualTo(first);
          assertThat(c.length()).isEqualTo(last - first + 1);
        }
      }
    }
    try (ObjectContent c =
        s3.getObject(GetObjectRequest.of("data", "ranged").range(size - 2, size + 100))) {
      assertThat(c.readAllBytes()).hasSize(2);
    }
  }

  @Test
  void openEndedAndSuffixRanges_work() throws IOException {
    byte[] data = random(2 * SEGMENT + 3, 8);
    s3.putObject(PutObjectRequest.builder("data", "open").build(), data);
    try (ObjectContent c = s3.getObject(GetObjectRequest.of("data", "open").rangeFrom(SEGMENT))) {
      assertThat(c.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, SEGMENT, data.length));
    }
    try (ObjectContent c = s3.getObject(GetObjectRequest.of("data", "open").lastBytes(5))) {
      assertThat(c.readAllBytes())
          .isEqualTo(Arrays.copyOfRange(data, data.length - 5, data.length));
    }
    try (ObjectContent c = s3.getObject(GetObjectRequest.of("data", "open").lastBytes(1_000_000))) {
      assertThat(c.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void overwrite_replacesTheObject_andFreesTheOldVersion() throws IOException {
    s3.putObject(PutObjectRequest.builder("data", "k").build(), random(4 * SEGMENT, 1));
    byte[] second = random(10, 2);
    s3.putObject(PutObjectRequest.builder("data", "k").build(), second);
    assertThat(readAll(s3.getObject(GetObjectRequest.of("data", "k")))).isEqualTo(second);
    assertThat(EngineInspector.chunkCount(fx)).isEqualTo(chunkRows(1));
  }

  // 16 segments and fewer lose their rows by point deletes, more by one range delete.
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 16, 17, 20})
  void overwriteThenDelete_ofVersionsOfEverySegmentCount_leaveNoSegmentRows(int segments)
      throws IOException {
    s3.putObject(PutObjectRequest.builder("data", "k").build(), random(segments * SEGMENT, 1));
    s3.putObject(PutObjectRequest.builder("data", "k").build(), random(segments * SEGMENT - 1, 2));
    assertThat(EngineInspector.chunkCount(fx)).isEqualTo(chunkRows(segments));

    s3.deleteObject("data", "k");

    assertThat(EngineInspector.chunkCount(fx)).isZero();
  }

  @Test
  void contentTypeAndMetadata_roundTrip_andContextIsStored() {
    s3.putObject(
        PutObjectRequest.builder("data", "doc.pdf")
            .contentType("application/pdf")
            .userMetadata("author", "ada")
            .encryptionContext(EncryptionContext.of("tenant", "acme"))
            .build(),
        new byte[] {1});
    ObjectInfo head = s3.headObject("data", "doc.pdf");
    assertThat(head.contentType()).isEqualTo("application/pdf");
    assertThat(head.userMetadata()).containsEntry("author", "ada");
    assertThat(head.serverSideEncryption()).isEqualTo("aws:kms");
    assertThat(head.encryptionContext().asMap())
        .containsEntry("tenant", "acme")
        .containsEntry("aws:s3:arn", "arn:aws:s3:::data/doc.pdf");
    assertThat(head.bucketKeyEnabled()).isFalse();
  }

  @Test
  void objectsSurviveReopen() throws IOException {
    byte[] data = random(2 * SEGMENT + 1, 9);
    s3.putObject(PutObjectRequest.builder("keyed", "persisted").build(), data);
    fx.reopen();
    assertThat(readAll(fx.root().getObject(GetObjectRequest.of("keyed", "persisted"))))
        .isEqualTo(data);
  }
}
