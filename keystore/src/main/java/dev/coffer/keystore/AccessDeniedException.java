package dev.coffer.keystore;

/**
 * The caller is not allowed to perform the operation. The message carries the access decision's
 * explanation.
 */
public class AccessDeniedException extends CofferException {
  private static final long serialVersionUID = 1L;

  public AccessDeniedException(String message) {
    super(ErrorCode.ACCESS_DENIED, message);
  }

  public AccessDeniedException(String message, Throwable cause) {
    super(ErrorCode.ACCESS_DENIED, message, cause);
  }
}
