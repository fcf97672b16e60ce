package dev.coffer.keystore;

/** The resource to create exists already (an alias name, for example). */
public class AlreadyExistsException extends CofferException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(String message) {
    super(ErrorCode.ALREADY_EXISTS, message);
  }

  public AlreadyExistsException(String message, Throwable cause) {
    super(ErrorCode.ALREADY_EXISTS, message, cause);
  }
}
