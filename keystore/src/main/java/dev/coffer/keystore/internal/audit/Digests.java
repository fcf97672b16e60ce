package dev.coffer.keystore.internal.audit;

import com.google.protobuf.ByteString;
import dev.coffer.format.v1.AuditDigestRecord;
import dev.coffer.format.v1.AuditDigestStatement;

/**
 * The digest chain's state, and the signed digest records that extend it: what the records since
 * the last digest were (how many events, from when to when), and the last digest's sequence and
 * signature, which the next one carries. Not thread-safe: the writer calls it under its lock.
 */
final class Digests {
  private final SigningKeys keys;
  private long lastSequence;
  private byte[] lastSignature;
  private long events;
  private long oldest;
  private long newest;
  private long lastNanos = System.nanoTime();

  /** Continues from what recovery found at the tail ({@code null} for a new log). */
  Digests(SigningKeys keys, TailRecovery.Tail tail) {
    this.keys = keys;
    if (tail == null) {
      lastSignature = new byte[0];
    } else {
      lastSequence = tail.lastDigestSequence();
      lastSignature = tail.lastDigestSignature();
      events = tail.eventsSinceDigest();
      oldest = tail.oldestSinceDigest();
      newest = tail.newestSinceDigest();
    }
  }

  void noteEvent(long timeMillis) {
    events++;
    oldest = events == 1 ? timeMillis : Math.min(oldest, timeMillis);
    newest = Math.max(newest, timeMillis);
  }

  /** Events since the last digest. */
  long events() {
    return events;
  }

  long lastSequence() {
    return lastSequence;
  }

  long nanosSinceLast() {
    return System.nanoTime() - lastNanos;
  }

  /**
   * The body of the digest record that will be record {@code sequence}, signed; the state moves on
   * to it, since the caller writes it next (or fails the log).
   */
  byte[] next(long sequence, byte[] lastHash, long generation, long nowMillis, String reason) {
    byte[] statement =
        AuditDigestStatement.newBuilder()
            .setDigestVersion(1)
            .setFirstSequence(lastSequence + 1)
            .setLastSequence(sequence - 1)
            .setLastHash(ByteString.copyFrom(lastHash))
            .setEventCount(events)
            .setOldestEventEpochMillis(oldest)
            .setNewestEventEpochMillis(newest)
            .setDigestEpochMillis(nowMillis)
            .setPreviousDigestSequence(lastSequence)
            .setPreviousDigestSignature(ByteString.copyFrom(lastSignature))
            .setKeystoreGeneration(generation)
            .setReason(reason)
            .build()
            .toByteArray();
    byte[] signature = keys.sign(statement);
    lastSequence = sequence;
    lastSignature = signature;
    events = 0;
    oldest = 0;
    newest = 0;
    lastNanos = System.nanoTime();
    return AuditDigestRecord.newBuilder()
        .setStatement(ByteString.copyFrom(statement))
        .setSignature(ByteString.copyFrom(signature))
        .build()
        .toByteArray();
  }
}
