package dev.coffer.keystore.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.format.v1.AuditDigestStatement;
import dev.coffer.format.v1.AuditLogRecord;
import dev.coffer.keystore.audit.VerificationReport.Kind;
import dev.coffer.keystore.internal.audit.LogFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of tampering the issue names, applied to a copy of a real log, is detected and
 * reported as the right kind at the right record: every byte edited, every record deleted, every
 * adjacent pair swapped, the tail cut at every offset, the log replaced by a shorter valid copy of
 * itself, a digest forged or replayed.
 */
class TamperTest {
  @TempDir static Path shared;
  static SampleLog sample;
  static List<LogFiles.Frame> frames;
  static Path segmentName;
  static byte[] pristine;

  @TempDir Path work;
  Path copy;

  @BeforeAll
  static void writeSample() throws Exception {
    sample = SampleLog.create(shared.resolve("data"));
    frames = LogFiles.frames(sample.audit());
    List<Path> segments = LogFiles.segments(sample.audit());
    assertThat(segments).hasSize(1);
    segmentName = segments.get(0).getFileName();
    pristine = Files.readAllBytes(segments.get(0));
    assertThat(frames.stream().filter(LogFiles.Frame::digest).count()).isGreaterThanOrEqualTo(3);
  }

  private VerificationReport verifyWith(byte[] segmentBytes) throws Exception {
    if (copy == null) {
      copy = sample.copyTo(work.resolve("copy"));
    }
    overwrite(copy.resolve("audit").resolve(segmentName), segmentBytes);
    return sample.verifyCopy(copy);
  }

  private VerificationReport verifyWith(List<AuditLogRecord> records) throws Exception {
    if (copy == null) {
      copy = sample.copyTo(work.resolve("copy"));
    }
    LogFiles.rewrite(copy.resolve("audit"), records);
    return sample.verifyCopy(copy);
  }

  private static List<AuditLogRecord> records() {
    return new ArrayList<>(frames.stream().map(LogFiles.Frame::record).toList());
  }

  private static void assertProblem(VerificationReport report, Kind kind, long sequence) {
    assertThat(report.intact()).as(report.summary()).isFalse();
    assertThat(report.problem().orElseThrow().kind()).as(report.summary()).isEqualTo(kind);
    assertThat(report.problem().orElseThrow().sequence()).as(report.summary()).isEqualTo(sequence);
  }

  /**
   * Whether an edit left the last record whole but its length zero: exactly what a crash between
   * writing a record and its length (stored last) leaves, so it reads as a torn, cut tail.
   */
  private static boolean zeroesTheLastLength(byte[] edited, int offset) {
    LogFiles.Frame last = frames.get(frames.size() - 1);
    return offset >= last.offset()
        && offset < last.offset() + 4
        && java.nio.ByteBuffer.wrap(edited, last.offset(), 4).getInt() == 0;
  }

  /**
   * Whether an edit of the last frame's checksum made it part the checksum the frame had before it
   * was sealed and part the sealed one: what a sealer stopped while storing the checksum leaves. A
   * byte edited at random does so with odds of 1 in 256 (the sample log differs from run to run),
   * and it reads as a cut tail, which opening the log seals; the records are unchanged.
   */
  private static boolean sealsTheLastChecksumPartly(byte[] edited, int offset) {
    LogFiles.Frame last = frames.get(frames.size() - 1);
    return offset >= last.offset() + 4
        && offset < last.offset() + 8
        && LogFiles.checksumMidSeal(edited, last);
  }

  /** The record whose frame holds byte {@code offset} (the header counts as record 1's). */
  private static long recordAt(int offset) {
    for (LogFiles.Frame f : frames) {
      if (offset < f.offset() + f.length()) {
        return f.sequence();
      }
    }
    throw new AssertionError("no frame at " + offset);
  }

  @Test
  void thePristineLog_verifies() throws Exception {
    VerificationReport report = verifyWith(pristine);
    assertThat(report.intact()).as(report.summary()).isTrue();
    assertThat(report.lastSequence()).isEqualTo(sample.head.sequence());
    assertThat(report.events()).isEqualTo(12);
    assertThat(report.startsAt()).contains("beginning of the log");
  }

  @Test
  void everyByteEdited_isReportedAsAnEditOfItsRecord() throws Exception {
    int[] masks = {0x01, 0x80, 0xff, 0x10};
    for (int offset = 0; offset < pristine.length; offset++) {
      // One edit per byte, rotating between single-bit flips and a whole-byte inversion.
      for (int mask : new int[] {masks[offset % masks.length]}) {
        byte[] edited = pristine.clone();
        edited[offset] ^= (byte) mask;
        VerificationReport report = verifyWith(edited);
        assertThat(report.intact()).as("byte %d ^ %x", offset, mask).isFalse();
        assertThat(report.problem().orElseThrow().kind())
            .as("byte %d ^ %x: %s", offset, mask, report.summary())
            .isEqualTo(
                zeroesTheLastLength(edited, offset) || sealsTheLastChecksumPartly(edited, offset)
                    ? Kind.CUT_TAIL
                    : Kind.EDITED);
        assertThat(report.problem().orElseThrow().sequence())
            .as("byte %d ^ %x: %s", offset, mask, report.summary())
            .isEqualTo(recordAt(offset));
      }
    }
  }

  @Test
  void theLastChecksumPartlyUnsealed_isReportedAsACutTailAndAnyOtherFrameAsAnEdit()
      throws Exception {
    // Forces the 1-in-256 case everyByteEdited meets by chance: the first byte of a checksum set
    // to that of the frame's unsealed checksum.
    for (LogFiles.Frame f : List.of(frames.get(frames.size() - 1), frames.get(3))) {
      byte[] edited = pristine.clone();
      edited[f.offset() + 4] = (byte) (LogFiles.unsealedChecksum(pristine, f) >>> 24);
      if (edited[f.offset() + 4] == pristine[f.offset() + 4]) {
        edited[f.offset() + 5] = (byte) (LogFiles.unsealedChecksum(pristine, f) >>> 16);
      }
      assertThat(LogFiles.checksumMidSeal(edited, f)).isTrue();
      boolean last = f.sequence() == frames.size();
      assertProblem(verifyWith(edited), last ? Kind.CUT_TAIL : Kind.EDITED, f.sequence());
    }
  }

  @Test
  void everyRecordDeleted_isReportedMissing() throws Exception {
    for (LogFiles.Frame f : frames) {
      byte[] without = splice(pristine, f.offset(), f.length(), new byte[0]);
      VerificationReport report = verifyWith(without);
      if (f.sequence() == frames.size()) {
        // Deleting the last record is cutting the tail: the remembered head catches it.
        assertProblem(report, Kind.CUT_TAIL, f.sequence());
      } else {
        assertProblem(report, Kind.MISSING, f.sequence());
      }
    }
  }

  @Test
  void everyAdjacentPairSwapped_isReportedReordered() throws Exception {
    for (int i = 0; i + 1 < frames.size(); i++) {
      LogFiles.Frame a = frames.get(i);
      LogFiles.Frame b = frames.get(i + 1);
      byte[] swapped = pristine.clone();
      System.arraycopy(pristine, b.offset(), swapped, a.offset(), b.length());
      System.arraycopy(pristine, a.offset(), swapped, a.offset() + b.length(), a.length());
      assertProblem(verifyWith(swapped), Kind.REORDERED, a.sequence());
    }
  }

  @Test
  void twoDistantRecordsSwapped_isReportedReordered() throws Exception {
    List<AuditLogRecord> records = records();
    AuditLogRecord third = records.get(2);
    records.set(2, records.get(6));
    records.set(6, third);
    assertProblem(verifyWith(records), Kind.REORDERED, 3);
  }

  @Test
  void theTailCutAtEveryOffset_isReportedCut() throws Exception {
    for (int length = frames.get(0).offset(); length < pristine.length; length++) {
      long expected = length == pristine.length ? 0 : recordAt(length);
      VerificationReport report = verifyWith(Arrays.copyOf(pristine, length));
      assertProblem(report, Kind.CUT_TAIL, expected);
    }
  }

  @Test
  void aShorterValidChain_isReportedCut() throws Exception {
    LogFiles.Frame lastDigestBefore = frames.get(frames.size() - 6);
    List<AuditLogRecord> prefix = records().subList(0, (int) lastDigestBefore.sequence());
    VerificationReport report = verifyWith(prefix);
    assertProblem(report, Kind.CUT_TAIL, lastDigestBefore.sequence() + 1);
    assertThat(report.problem().orElseThrow().detail())
        .contains("keystore remembers record " + sample.head.sequence());
    VerificationReport withoutHead =
        AuditLog.verifyCopy(copy.resolve("audit"), sample.publicKeyPem, java.util.Optional.empty());
    assertThat(withoutHead.intact())
        .as("without the remembered head a prefix is a valid log: the head is what catches it")
        .isTrue();
  }

  @Test
  void aDigestWithAlteredContent_isReportedBadSignature() throws Exception {
    List<AuditLogRecord> records = records();
    int at = indexOfDigest(records, 1);
    AuditDigestStatement statement =
        AuditDigestStatement.parseFrom(records.get(at).getDigest().getStatement());
    byte[] forged = statement.toBuilder().setEventCount(3).build().toByteArray();
    records.set(at, LogFiles.withStatement(records.get(at), forged));
    assertProblem(verifyWith(records), Kind.BAD_SIGNATURE, at + 1);
  }

  @Test
  void aDigestSignedByAnotherKey_isReportedBadSignature() throws Exception {
    List<AuditLogRecord> records = records();
    int at = indexOfDigest(records, 0);
    records.set(at, LogFiles.resignedWithAnotherKey(records.get(at)));
    assertProblem(verifyWith(records), Kind.BAD_SIGNATURE, at + 1);
  }

  @Test
  void editedEventsRechainedUpToTheNextDigest_areCaughtByThatDigest() throws Exception {
    List<AuditLogRecord> records = records();
    AuditLogRecord event = records.get(1);
    records.set(
        1,
        event.toBuilder()
            .setEvent(event.getEvent().toBuilder().setPrincipal("arn:aws:iam::000000000000:role/X"))
            .build());
    int digest = indexOfDigest(records, 0);
    assertProblem(verifyWith(records), Kind.DIGEST_MISMATCH, digest + 1);
  }

  @Test
  void aReplayedDigest_isReportedAsMismatch() throws Exception {
    List<AuditLogRecord> records = records();
    AuditLogRecord first = records.get(indexOfDigest(records, 0));
    int at = indexOfDigest(records, 1) + 2;
    records.add(at, first);
    for (int i = at; i < records.size(); i++) {
      records.set(i, LogFiles.renumbered(records.get(i), i + 1));
    }
    assertProblem(verifyWith(records), Kind.DIGEST_MISMATCH, at + 1);
  }

  @Test
  void aDigestMovedOneRecordLater_isReportedAsMismatch() throws Exception {
    List<AuditLogRecord> records = records();
    int at = indexOfDigest(records, 0);
    AuditLogRecord digest = records.remove(at);
    records.add(at + 1, digest);
    for (int i = 0; i < records.size(); i++) {
      records.set(i, LogFiles.renumbered(records.get(i), i + 1));
    }
    assertProblem(verifyWith(records), Kind.DIGEST_MISMATCH, at + 2);
  }

  private static int indexOfDigest(List<AuditLogRecord> records, int n) {
    int seen = 0;
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i).hasDigest() && seen++ == n) {
        return i;
      }
    }
    throw new AssertionError("fewer than " + (n + 1) + " digests");
  }

  /**
   * Rewrites a file in place: truncating it to zero first makes ext4 flush it on close, which would
   * make these thousands of rewrites slow.
   */
  private static void overwrite(Path file, byte[] content) throws java.io.IOException {
    try (java.nio.channels.FileChannel ch =
        java.nio.channels.FileChannel.open(
            file,
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf, buf.position());
      }
      ch.truncate(content.length);
    }
  }

  private static byte[] splice(byte[] data, int at, int remove, byte[] insert) {
    byte[] out = new byte[data.length - remove + insert.length];
    System.arraycopy(data, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(data, at + remove, out, at + insert.length, data.length - at - remove);
    return out;
  }
}
