package dev.coffer.keystore;

/**
 * A ciphertext or wrapped key did not decrypt: it was altered, truncated, made under another key or
 * version, or presented with a different encryption context. Deliberately says no more than that,
 * whatever the cause, so it cannot serve as an oracle.
 */
public class InvalidCiphertextException extends CofferException {
  private static final long serialVersionUID = 1L;

  public InvalidCiphertextException() {
    super(ErrorCode.INTEGRITY_FAILURE, "ciphertext is invalid or does not match the context");
  }

  public InvalidCiphertextException(String message) {
    super(ErrorCode.INTEGRITY_FAILURE, message);
  }
}
