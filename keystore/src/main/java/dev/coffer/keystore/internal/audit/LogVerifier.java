package dev.coffer.keystore.internal.audit;

import dev.coffer.format.v1.AuditDigestRecord;
import dev.coffer.format.v1.AuditDigestStatement;
import dev.coffer.format.v1.AuditLogRecord;
import dev.coffer.keystore.audit.AuditHead;
import dev.coffer.keystore.audit.VerificationReport;
import dev.coffer.keystore.audit.VerificationReport.Kind;
import dev.coffer.keystore.audit.VerificationReport.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Recomputes the chain over a run of segments and checks every digest, stopping at the first
 * problem, which it names precisely: the record, its segment and offset, and what is wrong with it.
 * Needs only the public key.
 */
public final class LogVerifier {
  private final DigestVerifier keys;
  private final MessageDigest sha256 = Chain.newSha256();
  private long expected = -1;
  private byte[] previousHash;
  private long first;
  private long last;
  private long events;
  private long digests;
  private long lastDigest;
  private byte[] lastDigestSignature;
  private boolean lastDigestKnown;
  private long eventsSinceDigest;
  private String startsAt = "the beginning of the log";
  private long headSequence = -1;
  private byte[] hashAtHead;

  LogVerifier(DigestVerifier keys) {
    this.keys = keys;
  }

  /** A problem found: stops the walk. */
  private static final class Found extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Problem problem;

    Found(Kind kind, long sequence, SegmentFiles.Segment segment, long offset, String detail) {
      super(detail, null, false, false);
      this.problem = new Problem(kind, sequence, segment.name(), offset, detail);
    }
  }

  public static VerificationReport verifyCopy(
      Path directory, String publicKey, Optional<AuditHead> expectedHead) {
    try {
      return new LogVerifier(DigestVerifier.fromExport(publicKey))
          .verify(SegmentFiles.list(directory), expectedHead.map(Head::of), 0, Long.MAX_VALUE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audit log " + directory, e);
    }
  }

  /** A head to check the log against: sequence and raw hash. */
  record Head(long sequence, byte[] hash) {
    static Head of(AuditHead head) {
      return new Head(head.sequence(), HexFormat.of().parseHex(head.hash()));
    }
  }

  /**
   * Verifies {@code segments} in order. With a range, starts at the segment holding {@code from}
   * and stops at the first digest at or after {@code to}.
   */
  VerificationReport verify(
      List<SegmentFiles.Segment> segments, Optional<Head> head, long from, long to)
      throws IOException {
    int start = 0;
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i).firstSequence() <= from) {
        start = i;
      }
    }
    head.ifPresent(h -> headSequence = h.sequence());
    boolean wholeTail = true;
    Problem problem = null;
    try {
      walk:
      for (int s = start; s < segments.size(); s++) {
        SegmentFiles.Segment segment = segments.get(s);
        SegmentScan scan = SegmentScan.read(segment);
        if (!scan.headerOk) {
          throw new Found(
              Kind.EDITED,
              segment.firstSequence(),
              segment,
              0,
              "the segment header is damaged: not a version 1 Coffer audit segment");
        }
        if (expected != -1 && segment.firstSequence() != expected) {
          throw segmentGap(segment);
        }
        for (int i = 0; i < scan.count(); i++) {
          boolean digest = record(scan, i);
          if (digest && last >= to) {
            wholeTail = s == segments.size() - 1 && i == scan.count() - 1 && endsCleanly(scan);
            break walk;
          }
        }
        checkEnd(scan, s == segments.size() - 1);
      }
      if (wholeTail && head.isPresent()) {
        checkHead(head.get(), segments);
      }
    } catch (Found f) {
      problem = f.problem;
    }
    long unsigned = lastDigest == 0 ? (last == 0 ? 0 : last - first + 1) : last - lastDigest;
    return new VerificationReport(
        first,
        last,
        events,
        digests,
        lastDigest,
        unsigned,
        first == 0 ? "nothing (the log is empty)" : startsAt,
        Optional.ofNullable(problem));
  }

  private static boolean endsCleanly(SegmentScan scan) {
    return scan.end == FrameReader.Status.END;
  }

  private Found segmentGap(SegmentFiles.Segment segment) {
    long at = segment.firstSequence();
    if (at > expected) {
      return new Found(
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
    return new Found(
        Kind.REORDERED,
        expected,
        segment,
        0,
        "this segment starts at record " + at + ", which the log already had");
  }

  /** Checks frame {@code i}; returns whether it is a digest. */
  private boolean record(SegmentScan scan, int i) throws Found {
    SegmentFiles.Segment segment = scan.segment;
    long offset = scan.frameOffset(i);
    long here = expected == -1 ? segment.firstSequence() : expected;
    AuditLogRecord record;
    try {
      record = scan.parse(i);
    } catch (IOException e) {
      throw new Found(Kind.EDITED, here, segment, offset, "it does not parse as an audit record");
    }
    long sequence = record.getSequence();
    if (expected == -1) {
      startAt(scan, i, record);
    } else if (sequence != expected) {
      throw outOfOrder(scan, i, sequence, expected);
    }
    byte[] recordPrevious = record.getPreviousHash().toByteArray();
    if (!MessageDigest.isEqual(recordPrevious, previousHash)) {
      throw new Found(
          Kind.EDITED,
          sequence,
          segment,
          offset,
          "it does not chain to record "
              + (sequence - 1)
              + ": its previous hash differs, so one of the two was altered");
    }
    byte[] hash = scan.computeHash(i, previousHash, sha256);
    if (!MessageDigest.isEqual(hash, scan.storedHash(i))) {
      throw new Found(
          Kind.EDITED, sequence, segment, offset, "its content does not match its stored hash");
    }
    boolean digest = record.hasDigest();
    if (digest) {
      checkDigest(record.getDigest(), sequence, segment, offset);
    } else if (record.hasEvent()) {
      events++;
      eventsSinceDigest++;
    } else {
      throw new Found(Kind.EDITED, sequence, segment, offset, "it is neither event nor digest");
    }
    if (sequence == headSequence) {
      hashAtHead = hash;
    }
    previousHash = hash;
    last = sequence;
    expected = sequence + 1;
    return digest;
  }

  /**
   * The first record walked: record 1 (chained to zeros), or a signed digest at the start of what
   * retention kept (or of a range), whose signature vouches for the hash it continues from.
   */
  private void startAt(SegmentScan scan, int i, AuditLogRecord record) throws Found {
    SegmentFiles.Segment segment = scan.segment;
    long sequence = record.getSequence();
    first = sequence;
    if (sequence != segment.firstSequence()) {
      throw outOfOrder(scan, i, sequence, segment.firstSequence());
    }
    if (sequence == 1) {
      previousHash = SegmentFormat.ZERO_HASH;
      lastDigestKnown = true;
      lastDigestSignature = new byte[0];
      startsAt = "the beginning of the log (record 1)";
      return;
    }
    if (!record.hasDigest()) {
      throw new Found(
          Kind.MISSING,
          sequence,
          segment,
          scan.frameOffset(i),
          "the log starts at record "
              + sequence
              + ", which is not a signed digest: the records before it are missing");
    }
    AuditDigestStatement statement =
        verifiedStatement(record.getDigest(), sequence, segment, scan.frameOffset(i));
    if (statement.getLastSequence() != sequence - 1
        || !MessageDigest.isEqual(
            statement.getLastHash().toByteArray(), record.getPreviousHash().toByteArray())) {
      throw new Found(
          Kind.DIGEST_MISMATCH,
          sequence,
          segment,
          scan.frameOffset(i),
          "the digest the log starts with does not vouch for the record before it");
    }
    previousHash = record.getPreviousHash().toByteArray();
    lastDigestKnown = false;
    startsAt =
        "record "
            + sequence
            + ", a signed digest vouching for records up to "
            + (sequence - 1)
            + " (earlier segments were removed by retention or not read)";
  }

  private static Found outOfOrder(SegmentScan scan, int i, long sequence, long expected) {
    SegmentFiles.Segment segment = scan.segment;
    long offset = scan.frameOffset(i);
    if (sequence > expected) {
      for (int k = i + 1; k < scan.count(); k++) {
        if (scan.sequenceAt(k) == expected) {
          return new Found(
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
      return new Found(
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
    return new Found(
        Kind.REORDERED,
        expected,
        segment,
        offset,
        "record " + sequence + " appears again (or out of order) after record " + (expected - 1));
  }

  private AuditDigestStatement verifiedStatement(
      AuditDigestRecord digest, long sequence, SegmentFiles.Segment segment, long offset)
      throws Found {
    byte[] statementBytes = digest.getStatement().toByteArray();
    if (!keys.verify(statementBytes, digest.getSignature().toByteArray())) {
      throw new Found(
          Kind.BAD_SIGNATURE,
          sequence,
          segment,
          offset,
          "the digest's signature does not verify under the public key: forged or altered");
    }
    try {
      return AuditDigestStatement.parseFrom(statementBytes);
    } catch (IOException e) {
      throw new Found(
          Kind.DIGEST_MISMATCH, sequence, segment, offset, "the signed statement does not parse");
    }
  }

  private void checkDigest(
      AuditDigestRecord digest, long sequence, SegmentFiles.Segment segment, long offset)
      throws Found {
    AuditDigestStatement s = verifiedStatement(digest, sequence, segment, offset);
    if (sequence == first && !lastDigestKnown) {
      // The starting digest of a partial walk: already checked against what follows it.
    } else if (s.getLastSequence() != sequence - 1
        || !MessageDigest.isEqual(s.getLastHash().toByteArray(), previousHash)) {
      throw new Found(
          Kind.DIGEST_MISMATCH,
          sequence,
          segment,
          offset,
          "the digest is signed for records "
              + s.getFirstSequence()
              + " to "
              + s.getLastSequence()
              + ", not for the records before it: replayed or moved");
    } else if (lastDigestKnown
        && (s.getFirstSequence() != lastDigest + 1
            || s.getPreviousDigestSequence() != lastDigest
            || !MessageDigest.isEqual(
                s.getPreviousDigestSignature().toByteArray(), lastDigestSignature))) {
      throw new Found(
          Kind.DIGEST_MISMATCH,
          sequence,
          segment,
          offset,
          "the digest does not chain to the previous digest"
              + (lastDigest == 0 ? "" : " (record " + lastDigest + ")")
              + ": replayed or moved");
    } else if (s.getEventCount() != eventsSinceDigest) {
      throw new Found(
          Kind.DIGEST_MISMATCH,
          sequence,
          segment,
          offset,
          "the digest counts "
              + s.getEventCount()
              + " events since the previous digest, the log has "
              + eventsSinceDigest);
    }
    digests++;
    lastDigest = sequence;
    lastDigestSignature = digest.getSignature().toByteArray();
    lastDigestKnown = true;
    eventsSinceDigest = 0;
  }

  private void checkEnd(SegmentScan scan, boolean lastSegment) throws Found {
    if (scan.end == FrameReader.Status.END) {
      return;
    }
    long sequence = expected == -1 ? scan.segment.firstSequence() : expected;
    if (scan.end == FrameReader.Status.TORN && lastSegment) {
      throw new Found(
          Kind.CUT_TAIL,
          sequence,
          scan.segment,
          scan.endOffset,
          "record "
              + sequence
              + " is incomplete: the log was cut inside it, or its write was"
              + " interrupted (opening the log cuts a torn write and records the cut)");
    }
    throw new Found(
        Kind.EDITED,
        sequence,
        scan.segment,
        scan.endOffset,
        scan.end == FrameReader.Status.TORN
            ? "the segment ends inside record " + sequence + ", yet the log continues"
            : "record " + sequence + " is damaged: " + scan.damage);
  }

  /** Whether the log still reaches the head remembered elsewhere (the keystore), unchanged. */
  private void checkHead(Head head, List<SegmentFiles.Segment> segments) throws Found {
    SegmentFiles.Segment lastSegment =
        segments.isEmpty() ? null : segments.get(segments.size() - 1);
    SegmentFiles.Segment where =
        lastSegment != null
            ? lastSegment
            : new SegmentFiles.Segment(Path.of("(no segments)"), 0, 0);
    if (last < head.sequence()) {
      throw new Found(
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
      throw new Found(
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
