package dev.coffer.keystore;

/**
 * The caller is not allowed to perform the operation. The message says who, what and on which
 * resource, followed by the access decision's explanation, which {@link #explanation()} also gives
 * on its own (which layer and statement denied, or why nothing allowed).
 */
public class AccessDeniedException extends CofferException {
  private static final long serialVersionUID = 1L;

  private final String explanation;

  public AccessDeniedException(String message) {
    this(message, message);
  }

  public AccessDeniedException(String message, Throwable cause) {
    super(ErrorCode.ACCESS_DENIED, message, cause);
    this.explanation = message;
  }

  public AccessDeniedException(String message, String explanation) {
    super(ErrorCode.ACCESS_DENIED, message);
    this.explanation = explanation;
  }

  /** Why access was denied, without the who-what-where preamble. */
  public String explanation() {
    return explanation;
  }
}
