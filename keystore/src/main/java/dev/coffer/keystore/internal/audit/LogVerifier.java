package dev.coffer.keystore.internal.audit;

import dev.coffer.format.v1.AuditDigestStatement;
import dev.coffer.keystore.audit.AuditHead;
import dev.coffer.keystore.audit.VerificationReport;
import dev.coffer.keystore.audit.VerificationReport.Kind;
import dev.coffer.keystore.audit.VerificationReport.Problem;
import dev.coffer.keystore.internal.model.AuditState;
import java.io.IOException;
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
  private final MessageDigest sha256 = Chain.newSha256();
  private long expected = -1;
  private byte[] previousHash;
  private long first;
  private long last;
  private long events;
  private final DigestChecks digestChecks;
  private String startsAt = "the beginning of the log";
  private long headSequence = -1;
  private byte[] hashAtHead;
  private byte[] headHash;

  LogVerifier(DigestVerifier keys) {
    this.digestChecks = new DigestChecks(keys);
  }

  /** A copy's checks are {@link LogCopy#open}'s: a directory of segments, a key that parses. */
  public static VerificationReport verifyCopy(
      Path directory, String publicKey, Optional<AuditHead> expectedHead) {
    return LogCopy.open(directory, Optional.of(publicKey)).verifyReaching(expectedHead);
  }

  /**
   * Checks that the walk reaches {@code head} (given to {@link #verify} too) rather than the
   * signatures of the digests before it: the head's hash vouches for them, and the walk fails if it
   * differs.
   */
  LogVerifier trustingHead(Head head) {
    digestChecks.vouchedBefore(head.sequence());
    return this;
  }

  /** A head to check the log against: sequence and raw hash. */
  record Head(long sequence, byte[] hash) {
    static Head of(AuditHead head) {
      return new Head(head.sequence(), HexFormat.of().parseHex(head.hash()));
    }

    static Head of(AuditState.Head head) {
      return new Head(head.sequence(), head.hash());
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
    head.ifPresent(
        h -> {
          headSequence = h.sequence();
          headHash = h.hash();
        });
    boolean wholeTail = true;
    Problem problem = null;
    try {
      walk:
      for (int s = start; s < segments.size(); s++) {
        SegmentFiles.Segment segment = segments.get(s);
        SegmentScan scan = SegmentScan.read(segment);
        if (!scan.headerOk) {
          throw new VerifyFailure(
              Kind.EDITED,
              segment.firstSequence(),
              segment,
              0,
              "the segment header is damaged: not a version 1 Coffer audit segment");
        }
        if (expected != -1 && segment.firstSequence() != expected) {
          throw VerifyFailure.segmentGap(segment, expected);
        }
        for (int i = 0; i < scan.count(); i++) {
          boolean digest = record(scan, i);
          if (digest && last >= to) {
            wholeTail = s == segments.size() - 1 && i == scan.count() - 1 && endsCleanly(scan);
            break walk;
          }
        }
        if (scan.end != FrameReader.Status.END) {
          throw VerifyFailure.badEnd(
              scan,
              s == segments.size() - 1 || unsealedBeforeAnEmptyLast(scan, segments, s),
              expected == -1 ? scan.segment.firstSequence() : expected);
        }
      }
      if (wholeTail && head.isPresent()) {
        VerifyFailure.checkHead(head.get(), segments, last, hashAtHead);
      }
    } catch (VerifyFailure f) {
      problem = f.problem;
    }
    long lastDigest = digestChecks.lastDigest;
    long unsigned = lastDigest == 0 ? (last == 0 ? 0 : last - first + 1) : last - lastDigest;
    return new VerificationReport(
        first,
        last,
        events,
        digestChecks.digests,
        lastDigest,
        unsigned,
        first == 0 ? "nothing (the log is empty)" : startsAt,
        Optional.ofNullable(problem));
  }

  /**
   * Whether segment {@code s} ends in records waiting to be sealed and the only segment after it
   * holds no record yet: a power loss as the log moved to that segment, which opening the log
   * repairs as it does the end of the last segment.
   */
  private static boolean unsealedBeforeAnEmptyLast(
      SegmentScan scan, List<SegmentFiles.Segment> segments, int s) throws IOException {
    return scan.end == FrameReader.Status.UNSEALED
        && s == segments.size() - 2
        && SegmentScan.read(segments.get(s + 1)).count() == 0;
  }

  private static boolean endsCleanly(SegmentScan scan) {
    return scan.end == FrameReader.Status.END;
  }

  /** Checks frame {@code i}; returns whether it is a digest. */
  private boolean record(SegmentScan scan, int i) throws VerifyFailure {
    SegmentFiles.Segment segment = scan.segment;
    long offset = scan.frameOffset(i);
    long here = expected == -1 ? segment.firstSequence() : expected;
    RecordHeader record;
    try {
      // A full verification proves that every record parses; the open's walk reads headers only.
      record =
          digestChecks.trustsHead() ? RecordHeader.read(scan, i) : RecordHeader.of(scan.parse(i));
    } catch (IOException e) {
      throw new VerifyFailure(
          Kind.EDITED, here, segment, offset, "it does not parse as an audit record");
    }
    long sequence = record.sequence();
    if (expected == -1) {
      startAt(scan, i, record);
    } else if (sequence != expected) {
      throw VerifyFailure.outOfOrder(scan, i, sequence, expected);
    }
    byte[] recordPrevious = record.previousHash();
    if (!MessageDigest.isEqual(recordPrevious, previousHash)) {
      throw new VerifyFailure(
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
      throw new VerifyFailure(
          Kind.EDITED, sequence, segment, offset, "its content does not match its stored hash");
    }
    boolean digest = record.isDigest();
    if (digest) {
      digestChecks.check(
          record.digest(), sequence, previousHash, sequence == first, segment, offset);
    } else if (record.event()) {
      events++;
      digestChecks.event();
    } else {
      throw new VerifyFailure(
          Kind.EDITED, sequence, segment, offset, "it is neither event nor digest");
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
  private void startAt(SegmentScan scan, int i, RecordHeader record) throws VerifyFailure {
    SegmentFiles.Segment segment = scan.segment;
    long sequence = record.sequence();
    first = sequence;
    if (sequence != segment.firstSequence()) {
      throw VerifyFailure.outOfOrder(scan, i, sequence, segment.firstSequence());
    }
    if (sequence == 1) {
      previousHash = SegmentFormat.ZERO_HASH;
      digestChecks.startAtBeginning();
      startsAt = "the beginning of the log (record 1)";
      return;
    }
    if (!record.isDigest()) {
      throw new VerifyFailure(
          Kind.MISSING,
          sequence,
          segment,
          scan.frameOffset(i),
          "the log starts at record "
              + sequence
              + ", which is not a signed digest: the records before it are missing");
    }
    AuditDigestStatement statement =
        digestChecks.verifiedStatement(record.digest(), sequence, segment, scan.frameOffset(i));
    if (statement.getLastSequence() != sequence - 1
        || !MessageDigest.isEqual(statement.getLastHash().toByteArray(), record.previousHash())) {
      throw new VerifyFailure(
          Kind.DIGEST_MISMATCH,
          sequence,
          segment,
          scan.frameOffset(i),
          "the digest the log starts with does not vouch for the record before it");
    }
    if (sequence - 1 == headSequence && !MessageDigest.isEqual(record.previousHash(), headHash)) {
      // A log that begins right after the remembered head (retention, recovery) must continue
      // from that head's hash, not merely from a signed one.
      throw new VerifyFailure(
          Kind.EDITED,
          sequence,
          segment,
          scan.frameOffset(i),
          "the log begins after record "
              + headSequence
              + " but not from the hash remembered for it: it was replaced");
    }
    previousHash = record.previousHash();
    digestChecks.startAtDigest();
    startsAt =
        LogRecovery.DIGEST_REASON.equals(statement.getReason())
            ? "record "
                + sequence
                + ", a signed digest that began this log anew after a damaged log was set aside"
                + " (`coffer audit recover`), continuing from record "
                + (sequence - 1)
                + " as the keystore had anchored it"
            : "record "
                + sequence
                + ", a signed digest vouching for records up to "
                + (sequence - 1)
                + " (earlier segments were removed by retention or not read)";
  }
}
