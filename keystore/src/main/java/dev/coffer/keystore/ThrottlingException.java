package dev.coffer.keystore;

/** A request quota was exceeded (KMS ThrottlingException). Retrying later may succeed. */
public class ThrottlingException extends CofferException {
  private static final long serialVersionUID = 1L;

  public ThrottlingException(String message) {
    super(ErrorCode.THROTTLED, message);
  }

  public ThrottlingException(String message, Throwable cause) {
    super(ErrorCode.THROTTLED, message, cause);
  }
}
