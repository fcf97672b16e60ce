package dev.coffer.keystore.internal.audit;

import dev.coffer.format.v1.AuditDigestRecord;
import dev.coffer.format.v1.AuditDigestStatement;
import dev.coffer.keystore.audit.VerificationReport.Kind;
import java.io.IOException;
import java.security.MessageDigest;

/**
 * The digest side of verification: each digest's signature, and that it describes exactly the
 * records before it and chains to the digest before it. A replayed or moved digest has a valid
 * signature but fails the second check.
 */
final class DigestChecks {
  private final DigestVerifier keys;
  long digests;
  long lastDigest;
  private byte[] lastDigestSignature;
  private boolean lastDigestKnown;
  private long eventsSinceDigest;

  /** Digests before this sequence skip the signature check (see {@link #vouchedBefore}). */
  private long vouchedBefore;

  DigestChecks(DigestVerifier keys) {
    this.keys = keys;
  }

  /**
   * Skips the signature check of digests before record {@code sequence}, whose hash the caller
   * compares with one it trusts once the walk reaches it: that hash vouches for every byte chained
   * before it, signatures included. For a component that remembered a head ({@link
   * FileAuditLog#verifyReaches}); checking every signature of a segment made each open cost one
   * signature per earlier open.
   */
  void vouchedBefore(long sequence) {
    vouchedBefore = sequence;
  }

  /** Whether a head vouches for the digests before it ({@link #vouchedBefore}). */
  boolean trustsHead() {
    return vouchedBefore > 0;
  }

  /** The log starts at record 1: the first digest has no digest before it. */
  void startAtBeginning() {
    lastDigestKnown = true;
    lastDigestSignature = new byte[0];
  }

  /** The walk starts at a digest whose own predecessor is not read (retention, or a range). */
  void startAtDigest() {
    lastDigestKnown = false;
  }

  void event() {
    eventsSinceDigest++;
  }

  /** The digest's statement, once its signature verifies. */
  AuditDigestStatement verifiedStatement(
      AuditDigestRecord digest, long sequence, SegmentFiles.Segment segment, long offset)
      throws VerifyFailure {
    byte[] statementBytes = digest.getStatement().toByteArray();
    if (sequence >= vouchedBefore
        && !keys.verify(statementBytes, digest.getSignature().toByteArray())) {
      throw new VerifyFailure(
          Kind.BAD_SIGNATURE,
          sequence,
          segment,
          offset,
          "the digest's signature does not verify under the public key: forged or altered");
    }
    try {
      return AuditDigestStatement.parseFrom(statementBytes);
    } catch (IOException e) {
      throw new VerifyFailure(
          Kind.DIGEST_MISMATCH, sequence, segment, offset, "the signed statement does not parse");
    }
  }

  /**
   * Checks the digest that is record {@code sequence}, after {@code previousHash}; {@code
   * startOfWalk} when it is the first record read, already checked against what follows it.
   */
  void check(
      AuditDigestRecord digest,
      long sequence,
      byte[] previousHash,
      boolean startOfWalk,
      SegmentFiles.Segment segment,
      long offset)
      throws VerifyFailure {
    AuditDigestStatement s = verifiedStatement(digest, sequence, segment, offset);
    if (startOfWalk && !lastDigestKnown) {
      // The starting digest of a partial walk: already checked against what follows it.
    } else if (s.getLastSequence() != sequence - 1
        || !MessageDigest.isEqual(s.getLastHash().toByteArray(), previousHash)) {
      throw new VerifyFailure(
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
      throw new VerifyFailure(
          Kind.DIGEST_MISMATCH,
          sequence,
          segment,
          offset,
          "the digest does not chain to the previous digest"
              + (lastDigest == 0 ? "" : " (record " + lastDigest + ")")
              + ": replayed or moved");
    } else if (s.getEventCount() != eventsSinceDigest) {
      throw new VerifyFailure(
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
}
