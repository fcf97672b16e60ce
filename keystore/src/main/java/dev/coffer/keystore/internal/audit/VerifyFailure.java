package dev.coffer.keystore.internal.audit;

import dev.coffer.keystore.audit.VerificationReport.Kind;
import dev.coffer.keystore.audit.VerificationReport.Problem;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/**
 * The first problem verification found, which stops it; the factories word each kind of problem the
 * same way wherever it is found.
 */
final class VerifyFailure extends Exception {
  private static final long serialVersionUID = 1L;
  final transient Problem problem;

  VerifyFailure(
      Kind kind, long sequence, SegmentFiles.Segment segment, long offset, String detail) {
    super(detail, null, false, false);
    this.problem = new Problem(kind, sequence, segment.name(), offset, detail);
  }

  /** A segment that does not start where the one before it ended. */
  static VerifyFailure segmentGap(SegmentFiles.Segment segment, long expected) {
    long at = segment.firstSequence();
    if (at > expected) {
      return new VerifyFailure(
          Kind.MISSING,
          expected,
          segment,
          0,
          "records "
              + expected
              + " to "
              + (at - 1)
              + " are missing: the next segment starts at "
              + at);
    }
    return new VerifyFailure(
        Kind.REORDERED,
        expected,
        segment,
        0,
        "this segment starts at record " + at + ", which the log already had");
  }

  /** Frame {@code i} holds {@code sequence} where {@code expected} belongs. */
  static VerifyFailure outOfOrder(SegmentScan scan, int i, long sequence, long expected) {
    SegmentFiles.Segment segment = scan.segment;
    long offset = scan.frameOffset(i);
    if (sequence > expected) {
      for (int k = i + 1; k < scan.count(); k++) {
        if (scan.sequenceAt(k) == expected) {
          return new VerifyFailure(
              Kind.REORDERED,
              expected,
              segment,
              offset,
              "record "
                  + sequence
                  + " is where record "
                  + expected
                  + " belongs; record "
                  + expected
                  + " comes later");
        }
      }
      return new VerifyFailure(
          Kind.MISSING,
          expected,
          segment,
          offset,
          (sequence - expected == 1
                  ? "record " + expected + " is missing"
                  : "records " + expected + " to " + (sequence - 1) + " are missing")
              + ": record "
              + sequence
              + " follows record "
              + (expected - 1));
    }
    return new VerifyFailure(
        Kind.REORDERED,
        expected,
        segment,
        offset,
        "record " + sequence + " appears again (or out of order) after record " + (expected - 1));
  }

  /**
   * How a segment that does not end cleanly ends: a cut tail if it is the last and ends in a torn
   * write or in frames not yet sealed that run to its end, else damage.
   */
  static VerifyFailure badEnd(SegmentScan scan, boolean lastSegment, long sequence) {
    if (lastSegment && (scan.end == FrameReader.Status.TORN || scan.unsealedToTheEnd(sequence))) {
      return new VerifyFailure(
          Kind.CUT_TAIL,
          sequence,
          scan.segment,
          scan.endOffset,
          "record "
              + sequence
              + (scan.end == FrameReader.Status.TORN
                  ? " is incomplete: the log was cut inside it, or its write was interrupted"
                      + " (opening the log cuts a torn write and records the cut)"
                  : " and any after it were written but not yet sealed: a copy taken while the"
                      + " log was in use, or a crash (opening the log seals them)"));
    }
    return new VerifyFailure(
        Kind.EDITED,
        sequence,
        scan.segment,
        scan.endOffset,
        scan.end == FrameReader.Status.TORN
            ? "the segment ends inside record " + sequence + ", yet the log continues"
            : scan.end == FrameReader.Status.UNSEALED
                ? "record "
                    + sequence
                    + " was written but not sealed, yet what follows it is not records waiting"
                    + " to be sealed"
                : "record " + sequence + " is damaged: " + scan.damage);
  }

  /** Whether the log still reaches the head remembered elsewhere (the keystore), unchanged. */
  static void checkHead(
      LogVerifier.Head head, List<SegmentFiles.Segment> segments, long last, byte[] hashAtHead)
      throws VerifyFailure {
    SegmentFiles.Segment lastSegment =
        segments.isEmpty() ? null : segments.get(segments.size() - 1);
    SegmentFiles.Segment where =
        lastSegment != null
            ? lastSegment
            : new SegmentFiles.Segment(Path.of("(no segments)"), 0, 0);
    if (last < head.sequence()) {
      throw new VerifyFailure(
          Kind.CUT_TAIL,
          last + 1,
          where,
          0,
          "the log ends at record "
              + last
              + " but the keystore remembers record "
              + head.sequence()
              + ": it was cut back, or replaced by an older copy");
    }
    if (hashAtHead != null && !MessageDigest.isEqual(hashAtHead, head.hash())) {
      throw new VerifyFailure(
          Kind.EDITED,
          head.sequence(),
          where,
          0,
          "record "
              + head.sequence()
              + " is not the one the keystore remembers: the log was"
              + " replaced");
    }
  }
}
