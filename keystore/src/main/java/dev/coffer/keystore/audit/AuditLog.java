package dev.coffer.keystore.audit;

import dev.coffer.keystore.AuditSink;
import dev.coffer.keystore.internal.audit.LogCopy;
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
public interface AuditLog extends AuditSink, AuditTrail, AutoCloseable {

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
   * @throws dev.coffer.keystore.NotFoundException if there is no such directory, or no segment file
   *     in it (a log always keeps one: this is some other directory)
   * @throws dev.coffer.keystore.InvalidArgumentException if {@code directory} is a file, or the key
   *     is not an Ed25519 public key in either form
   */
  static VerificationReport verifyCopy(
      Path directory, String publicKey, Optional<AuditHead> expectedHead) {
    return LogVerifier.verifyCopy(directory, publicKey, expectedHead);
  }

  /**
   * Opens a copy of a log for reading, without the keystore: queries and exports as on the live
   * log, for an auditor or an operator holding a backup. Takes no lock and writes nothing, so the
   * copy may be on read-only media, or be the directory of a log in use. Reading does not verify
   * (verify the copy for that); it fails with {@link AuditIntegrityException}, naming the record,
   * where it meets damage, and stops quietly at the torn write or records not yet sealed that end a
   * copy taken while the log was in use.
   *
   * @param directory the log's directory (its segment files)
   * @param publicKey the PEM or Tink JSON export of the public key, if {@link AuditTrail#verify}
   *     and the key's exports are wanted too: without it they throw {@link IllegalStateException}.
   *     The copy's {@code verify} checks no head; {@link #verifyCopy} takes one.
   * @throws dev.coffer.keystore.NotFoundException if there is no such directory or it holds no
   *     segment files
   * @throws dev.coffer.keystore.InvalidArgumentException if {@code directory} is a file, or the
   *     public key does not parse
   */
  static AuditTrail openCopy(Path directory, Optional<String> publicKey) {
    return LogCopy.open(directory, publicKey);
  }
}
