package dev.coffer.keystore.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * What verifying an audit log found: how much it checked, where it started, and the first problem,
 * if any. Verification recomputes every record's hash, checks the sequence and the links between
 * records, and checks every digest's signature and what it claims.
 *
 * @param firstSequence the first record checked; 0 if the log is empty
 * @param lastSequence the last record checked
 * @param events event records checked
 * @param digests digest records checked, signatures included
 * @param lastDigestSequence the last digest checked; 0 if none
 * @param unsignedRecords records after the last digest: intact as a chain, but not yet covered by a
 *     signature (a live log has some; a closed one ends with a digest)
 * @param startsAt where verification started: the beginning of the log, or the signed digest at the
 *     start of what retention kept
 * @param problem the first problem found; empty when the log is intact
 */
public record VerificationReport(
    long firstSequence,
    long lastSequence,
    long events,
    long digests,
    long lastDigestSequence,
    long unsignedRecords,
    String startsAt,
    Optional<Problem> problem) {

  public VerificationReport {
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(problem, "problem");
  }

  /** What is wrong with a record. */
  public enum Kind {
    /** The record's bytes changed: checksum, hash or chain link fails. */
    EDITED,
    /** A record (or a whole segment) is missing: the sequence jumps. */
    MISSING,
    /** Records are out of order. */
    REORDERED,
    /**
     * The log ends before it should: its last record is incomplete, or it stops short of the head
     * remembered elsewhere (cut back, or replaced by an older copy of itself).
     */
    CUT_TAIL,
    /** A digest's signature does not verify under the public key: forged or altered. */
    BAD_SIGNATURE,
    /**
     * A digest with a valid signature that does not describe the records before it: replayed or
     * moved from elsewhere in the log.
     */
    DIGEST_MISMATCH
  }

  /**
   * The first bad record.
   *
   * @param kind what is wrong
   * @param sequence the sequence number of the record, or where it should be
   * @param segment the segment file it is in (or should be in)
   * @param offset its byte offset in that file
   * @param detail what exactly failed
   */
  public record Problem(Kind kind, long sequence, String segment, long offset, String detail) {
    public Problem {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(segment, "segment");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
      return kind
          + " at record "
          + sequence
          + " ("
          + segment
          + " offset "
          + offset
          + "): "
          + detail;
    }
  }

  public boolean intact() {
    return problem.isEmpty();
  }

  /** One line for people. */
  public String summary() {
    if (problem.isPresent()) {
      return "audit log NOT intact: " + problem.get();
    }
    if (lastSequence == 0) {
      return "audit log intact: empty";
    }
    return "audit log intact: records "
        + firstSequence
        + " to "
        + lastSequence
        + " ("
        + events
        + " events, "
        + digests
        + " signed digests"
        + (unsignedRecords > 0 ? ", " + unsignedRecords + " records after the last digest" : "")
        + "), starting at "
        + startsAt;
  }
}
