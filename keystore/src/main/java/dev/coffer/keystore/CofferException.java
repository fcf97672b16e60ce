package dev.coffer.keystore;

import java.util.Objects;

/**
 * Base of every error Coffer raises. Messages name resources (key ARNs, aliases, states) but never
 * key material, plaintext or passphrases.
 */
public abstract class CofferException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode errorCode;

  protected CofferException(ErrorCode errorCode, String message) {
    this(errorCode, message, null);
  }

  protected CofferException(ErrorCode errorCode, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
  }

  /** The stable name of this failure. */
  public ErrorCode errorCode() {
    return errorCode;
  }
}
