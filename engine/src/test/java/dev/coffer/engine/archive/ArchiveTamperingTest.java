package dev.coffer.engine.archive;

import static dev.coffer.engine.archive.ArchiveFixture.SEGMENT;
import static dev.coffer.engine.archive.ArchiveFixture.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.coffer.engine.archive.ArchiveFixture.Item;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every change to an archive's bytes — cut, appended, reordered, spliced, flipped — fails with a
 * typed error before the archive reads to its end; none yields a complete-looking result.
 */
class ArchiveTamperingTest {
  @TempDir Path dir;
  ArchiveFixture fx;
  String key;
  List<Item> items;
  byte[] archive;
  int bodyStart;
  int segments;

  @BeforeEach
  void setUp() throws IOException {
    fx = new ArchiveFixture(dir);
    key = fx.createKey();
    items =
        List.of(
            Item.directory("docs"),
            Item.file("docs/big.bin", random(12 * SEGMENT, 1)),
            Item.file("docs/small.txt", new byte[] {1, 2, 3}));
    archive = fx.seal(key, items);
    bodyStart = ArchiveHeader.read(new ByteArrayInputStream(archive)).length();
    segments = (archive.length - bodyStart + SEGMENT - 1) / SEGMENT;
    assertThat(fx.open(archive)).containsExactlyElementsOf(items);
    assertThat(segments).isGreaterThan(10);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** The error code of reading {@code bytes} to the end, or null if it read back intact. */
  private ErrorCode failureOf(byte[] bytes) {
    try {
      List<Item> read = fx.open(bytes);
      return read.equals(items) ? null : ErrorCode.INVALID_STATE;
    } catch (CofferException e) {
      return e.errorCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void truncation_atEverySegmentBoundary_isAnIntegrityFailure() {
    List<Integer> cuts = new ArrayList<>(List.of(0, 4, 8, 12, 16, bodyStart - 1, bodyStart));
    cuts.add(bodyStart + 40);
    for (int k = 1; k < segments; k++) {
      cuts.add(bodyStart + k * SEGMENT);
    }
    for (int cut : cuts) {
      assertThat(failureOf(Arrays.copyOf(archive, cut)))
          .as("cut at %d", cut)
          .isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    }
  }

  @Test
  void truncation_atRandomOffsets_isAnIntegrityFailure() {
    qt().withExamples(200)
        .forAll(integers().between(0, archive.length - 1))
        .checkAssert(
            cut ->
                assertThat(failureOf(Arrays.copyOf(archive, cut)))
                    .as("cut at %d", cut)
                    .isEqualTo(ErrorCode.INTEGRITY_FAILURE));
  }

  @Test
  void appendedBytes_areAnIntegrityFailure() {
    byte[] lastSegment =
        Arrays.copyOfRange(archive, bodyStart + (segments - 1) * SEGMENT, archive.length);
    for (byte[] tail :
        List.of(new byte[1], new byte[16], random(SEGMENT, 5), lastSegment, archive)) {
      byte[] longer = Arrays.copyOf(archive, archive.length + tail.length);
      System.arraycopy(tail, 0, longer, archive.length, tail.length);
      assertThat(failureOf(longer))
          .as("%d bytes appended", tail.length)
          .isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    }
  }

  @Test
  void reorderedSegments_areAnIntegrityFailure() {
    for (int k = 1; k + 1 < segments - 1; k++) {
      byte[] swapped = archive.clone();
      int a = bodyStart + k * SEGMENT;
      int b = a + SEGMENT;
      System.arraycopy(archive, b, swapped, a, SEGMENT);
      System.arraycopy(archive, a, swapped, b, SEGMENT);
      assertThat(failureOf(swapped))
          .as("segments %d and %d swapped", k, k + 1)
          .isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    }
  }

  @Test
  void aSegmentRepeatedOrDropped_isAnIntegrityFailure() {
    int k = 3;
    int at = bodyStart + k * SEGMENT;
    byte[] dropped = new byte[archive.length - SEGMENT];
    System.arraycopy(archive, 0, dropped, 0, at);
    System.arraycopy(archive, at + SEGMENT, dropped, at, archive.length - at - SEGMENT);
    assertThat(failureOf(dropped)).isEqualTo(ErrorCode.INTEGRITY_FAILURE);

    byte[] repeated = new byte[archive.length + SEGMENT];
    System.arraycopy(archive, 0, repeated, 0, at + SEGMENT);
    System.arraycopy(archive, at, repeated, at + SEGMENT, archive.length - at);
    assertThat(failureOf(repeated)).isEqualTo(ErrorCode.INTEGRITY_FAILURE);
  }

  @Test
  void segmentsSplicedFromAnotherArchive_ofTheSameFilesAndKey_areAnIntegrityFailure()
      throws IOException {
    byte[] other = fx.seal(key, items);
    int otherBodyStart = ArchiveHeader.read(new ByteArrayInputStream(other)).length();
    assertThat(otherBodyStart).isEqualTo(bodyStart);
    for (int k : new int[] {0, 1, 5, segments - 1}) {
      byte[] spliced = archive.clone();
      int at = bodyStart + k * SEGMENT;
      int length = Math.min(SEGMENT, archive.length - at);
      System.arraycopy(other, at, spliced, at, length);
      assertThat(failureOf(spliced))
          .as("segment %d spliced", k)
          .isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    }
    byte[] otherHeaderThisBody = archive.clone();
    System.arraycopy(other, 0, otherHeaderThisBody, 0, bodyStart);
    assertThat(failureOf(otherHeaderThisBody)).isEqualTo(ErrorCode.INTEGRITY_FAILURE);
  }

  @Test
  void everyBitFlip_inTheMagicVersionLengthAndHeader_isAnIntegrityFailure() {
    for (int bit = 0; bit < bodyStart * 8; bit++) {
      byte[] flipped = archive.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(failureOf(flipped))
          .as("bit %d of the header", bit)
          .isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    }
  }

  @Test
  void bitFlips_atRandomPlacesInTheBody_areAnIntegrityFailure() {
    qt().withExamples(300)
        .forAll(integers().between(bodyStart * 8, archive.length * 8 - 1))
        .checkAssert(
            bit -> {
              byte[] flipped = archive.clone();
              flipped[bit / 8] ^= (byte) (1 << (bit % 8));
              assertThat(failureOf(flipped))
                  .as("bit %d", bit)
                  .isEqualTo(ErrorCode.INTEGRITY_FAILURE);
            });
  }
}
