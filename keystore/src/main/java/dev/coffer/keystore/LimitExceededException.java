package dev.coffer.keystore;

/** A size or count limit was exceeded. */
public class LimitExceededException extends CofferException {
  private static final long serialVersionUID = 1L;

  public LimitExceededException(String message) {
    super(ErrorCode.LIMIT_EXCEEDED, message);
  }

  public LimitExceededException(String message, Throwable cause) {
    super(ErrorCode.LIMIT_EXCEEDED, message, cause);
  }
}
