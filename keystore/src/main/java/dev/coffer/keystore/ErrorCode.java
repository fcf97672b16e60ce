package dev.coffer.keystore;

/**
 * Stable names for every failure Coffer reports. The gRPC layer maps them to status codes and
 * {@code ErrorInfo} reasons, and the CLI maps them to exit codes; both mappings live in one place
 * each and key off this enum, never off exception messages.
 */
public enum ErrorCode {
  ACCESS_DENIED,
  NOT_FOUND,
  ALREADY_EXISTS,
  INVALID_ARGUMENT,
  /** The operation is not allowed in the resource's current state (KMSInvalidStateException). */
  INVALID_STATE,
  /**
   * A conditional write's condition did not hold: the object exists for a create-only put
   * (If-None-Match), or is not the version named (If-Match); S3's 412 PreconditionFailed.
   */
  PRECONDITION_FAILED,
  KEY_DISABLED,
  KEY_PENDING_DELETION,
  KEY_DESTROYED,
  /** The ciphertext names a key version below the key's minimum decryption version. */
  KEY_VERSION_RETIRED,
  /** A ciphertext, wrapped key or stored file failed authentication. */
  INTEGRITY_FAILURE,
  /** Decrypt named a key that is not the one the ciphertext was made with. */
  INCORRECT_KEY,
  THROTTLED,
  AUDIT_UNAVAILABLE,
  /**
   * The audit log failed verification: a record edited, missing or out of order, a digest with a
   * bad signature, or a log cut back behind the head the keystore remembers.
   */
  AUDIT_INTEGRITY_FAILURE,
  /** Another process holds the keystore directory. */
  KEYSTORE_LOCKED,
  /** The root key (key file, passphrase or KMS key) does not open this keystore. */
  WRONG_ROOT_KEY,
  /** A keystore older than one already seen was presented. */
  ROLLBACK_DETECTED,
  /** Reading or writing durable state failed. */
  STORAGE_FAILURE,
  LIMIT_EXCEEDED
}
