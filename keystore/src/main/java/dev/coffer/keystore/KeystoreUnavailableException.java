package dev.coffer.keystore;

/**
 * The keystore cannot be opened or written: it is locked by another process, the root key does not
 * open it, it is older than a generation already seen, or storage failed.
 */
public class KeystoreUnavailableException extends CofferException {
  private static final long serialVersionUID = 1L;

  public KeystoreUnavailableException(ErrorCode code, String message) {
    super(code, message);
  }

  public KeystoreUnavailableException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
