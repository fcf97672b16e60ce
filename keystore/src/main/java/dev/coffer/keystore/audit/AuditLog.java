package dev.coffer.keystore.audit;

import dev.coffer.keystore.AuditSink;
import dev.coffer.keystore.internal.audit.LogVerifier;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A Coffer data directory's audit log: append-only, hash-chained, with digests signed by an Ed25519
 * key that the keystore holds. The keystore opens it ({@link
 * dev.coffer.keystore.Keystore.Builder#auditLog}) and appends one record per operation; the engine
 * and the sidecar append through the same {@link AuditSink}. Thread-safe.
 *
 * <p>Fails closed: when a record cannot be written (disk full, I/O error, log closed or failed),
 * {@link #append} throws and the operation is refused; before the keystore commits a change it asks
 * {@link #ensureAvailable}, so a log that cannot take the record refuses the change before it is
 * made. The on-disk format is documented in {@code coffer/format/v1/audit.proto}.
 */
public interface AuditLog extends AuditSink, AutoCloseable {

  /** Events matching the query, a page at a time. */
  AuditPage query(AuditQuery query);

  /**
   * Writes every event matching the query's filters, in its order, as JSON lines in CloudTrail's
   * shape ({@link AuditRecord#toJson}); the query's page size and token are ignored.
   *
   * @return the number of events written
   * @throws java.io.UncheckedIOException if {@code out} fails
   */
  long export(AuditQuery query, Appendable out);

  /**
   * Recomputes the whole chain and checks every digest's signature, and that the log still reaches
   * the head the keystore remembers.
   */
  VerificationReport verify();

  /**
   * Verifies records {@code first} to {@code last}: from the signed digest that starts the segment
   * holding {@code first} to the first digest at or after {@code last}, which vouches for them.
   */
  VerificationReport verify(long first, long last);

  /**
   * Verifies that the log still holds {@code head} unchanged, and the records after it: for a
   * component that remembered a head of its own (the object store does) and must refuse a log cut
   * back or replaced since. The report's problem is {@code CUT_TAIL} or {@code EDITED} when not.
   */
  VerificationReport verifyReaches(AuditHead head);

  /** The last record written. */
  AuditHead head();

  /**
   * Signs a digest of the records since the last one now (rather than at the next N events, T
   * seconds, roll or close), makes the log durable up to it and records its head in the keystore:
   * for handing a copy to an auditor. Does nothing when the last record is already a digest.
   *
   * @return the head: the digest record
   */
  AuditHead sign();

  /** The digest-signing public key, as an X.509 PEM block, for any Ed25519 verifier. */
  String publicKeyPem();

  /** The digest-signing public key as a Tink public keyset in JSON. */
  String publicKeysetJson();

  /**
   * What the log records for {@code value} under a hashed context key: {@code hmac-sha256:HEX}.
   * Lets an auditor search for a known value without the log revealing any.
   */
  String hmac(String value);

  /**
   * Removes the segments that the configured retention has expired, oldest first, each only up to a
   * signed digest; the removal is itself recorded. Also runs at open and after each segment roll.
   *
   * @return the number of segments removed
   */
  int applyRetention();

  Path directory();

  /**
   * Writes a final digest, makes the log durable, and records its head in the keystore. The
   * keystore closes its log when it closes; afterwards appends fail.
   */
  @Override
  void close();

  /**
   * Verifies a copy of a log with nothing but the public key, for auditors.
   *
   * @param directory the log's directory (its segment files)
   * @param publicKey the PEM or Tink JSON export of the public key
   * @param expectedHead a head the log must still reach, if one is known (it detects a cut tail)
   */
  static VerificationReport verifyCopy(
      Path directory, String publicKey, Optional<AuditHead> expectedHead) {
    return LogVerifier.verifyCopy(directory, publicKey, expectedHead);
  }
}
