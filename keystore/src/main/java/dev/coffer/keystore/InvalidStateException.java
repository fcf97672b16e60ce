package dev.coffer.keystore;

/**
 * The operation is not allowed in the resource's current state, as KMS's KMSInvalidStateException.
 */
public class InvalidStateException extends CofferException {
  private static final long serialVersionUID = 1L;

  public InvalidStateException(String message) {
    super(ErrorCode.INVALID_STATE, message);
  }

  public InvalidStateException(String message, Throwable cause) {
    super(ErrorCode.INVALID_STATE, message, cause);
  }
}
