package dev.coffer.keystore;

/** A request was malformed: a bad key reference, context, length or period, for example. */
public class InvalidArgumentException extends CofferException {
  private static final long serialVersionUID = 1L;

  public InvalidArgumentException(String message) {
    super(ErrorCode.INVALID_ARGUMENT, message);
  }

  public InvalidArgumentException(String message, Throwable cause) {
    super(ErrorCode.INVALID_ARGUMENT, message, cause);
  }
}
