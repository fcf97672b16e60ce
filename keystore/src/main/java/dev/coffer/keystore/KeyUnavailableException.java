package dev.coffer.keystore;

/**
 * The key exists but cannot be used for cryptography in its current state: disabled, pending
 * deletion, destroyed, or (for decryption) the ciphertext's version is retired or destroyed.
 */
public class KeyUnavailableException extends CofferException {
  private static final long serialVersionUID = 1L;

  private final String keyArn;

  public KeyUnavailableException(ErrorCode code, String keyArn, String message) {
    super(code, message);
    this.keyArn = keyArn;
  }

  /** Creates the error for a key that is not {@link KeyState#ENABLED}. */
  public static KeyUnavailableException forState(String keyArn, KeyState state) {
    ErrorCode code =
        switch (state) {
          case DISABLED -> ErrorCode.KEY_DISABLED;
          case PENDING_DELETION -> ErrorCode.KEY_PENDING_DELETION;
          case DESTROYED -> ErrorCode.KEY_DESTROYED;
          case ENABLED -> throw new IllegalArgumentException("an enabled key is available");
        };
    return new KeyUnavailableException(code, keyArn, keyArn + " is " + state.awsName());
  }

  public String keyArn() {
    return keyArn;
  }
}
