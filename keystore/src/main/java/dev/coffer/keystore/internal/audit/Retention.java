package dev.coffer.keystore.internal.audit;

import dev.coffer.format.v1.AuditDigestStatement;
import dev.coffer.format.v1.AuditLogRecord;
import dev.coffer.keystore.internal.store.DurableFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Removes expired segments from the front of the log. A segment goes only when the segment after it
 * starts with a signed digest dated before the cutoff: every record it holds came before that
 * digest, and the digest is where verification of what remains starts.
 */
final class Retention {
  private Retention() {}

  record Result(int removed, long firstRemaining) {}

  /**
   * @param active the segment being written, never removed
   * @param cutoffMillis remove segments whose records are all older than this
   */
  static Result apply(Path directory, Path active, long cutoffMillis) throws IOException {
    List<SegmentFiles.Segment> segments = SegmentFiles.list(directory);
    int removed = 0;
    long firstRemaining = segments.isEmpty() ? 0 : segments.get(0).firstSequence();
    for (int i = 0; i + 1 < segments.size(); i++) {
      SegmentFiles.Segment segment = segments.get(i);
      SegmentFiles.Segment next = segments.get(i + 1);
      if (segment.path().equals(active) || !startsWithDigestBefore(next, cutoffMillis)) {
        break;
      }
      Files.delete(segment.path());
      removed++;
      firstRemaining = next.firstSequence();
    }
    if (removed > 0) {
      DurableFile.syncDirectory(directory);
    }
    return new Result(removed, firstRemaining);
  }

  private static boolean startsWithDigestBefore(SegmentFiles.Segment segment, long cutoffMillis)
      throws IOException {
    SegmentScan scan =
        SegmentScan.read(
            new SegmentFiles.Segment(
                segment.path(), segment.firstSequence(), Math.min(segment.readLimit(), 8192)));
    if (scan.count() == 0) {
      return false;
    }
    AuditLogRecord first = scan.parse(0);
    if (!first.hasDigest() || first.getSequence() != segment.firstSequence()) {
      return false;
    }
    AuditDigestStatement statement =
        AuditDigestStatement.parseFrom(first.getDigest().getStatement());
    return statement.getDigestEpochMillis() < cutoffMillis;
  }
}
