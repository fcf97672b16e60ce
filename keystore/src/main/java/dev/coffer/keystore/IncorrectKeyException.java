package dev.coffer.keystore;

/** Decrypt or ReEncrypt named a key that is not the key the ciphertext was made with. */
public class IncorrectKeyException extends CofferException {
  private static final long serialVersionUID = 1L;

  public IncorrectKeyException(String message) {
    super(ErrorCode.INCORRECT_KEY, message);
  }

  public IncorrectKeyException(String message, Throwable cause) {
    super(ErrorCode.INCORRECT_KEY, message, cause);
  }
}
