package dev.coffer.keystore;

import java.util.Objects;

/**
 * Encrypt: up to {@value #MAX_PLAINTEXT_BYTES} bytes encrypted directly under a master key, as
 * KMS's Encrypt. For larger data, generate a data key.
 */
public final class EncryptRequest {
  public static final int MAX_PLAINTEXT_BYTES = 4096;

  private final String keyId;
  private final byte[] plaintext;
  private final EncryptionContext encryptionContext;

  private EncryptRequest(String keyId, byte[] plaintext, EncryptionContext context) {
    this.keyId = keyId;
    this.plaintext = plaintext;
    this.encryptionContext = context;
  }

  /**
   * Creates the request. The plaintext array is used as given, not copied: keep it unchanged until
   * the call returns, then zero it if it is secret.
   */
  public static EncryptRequest of(String keyId, byte[] plaintext, EncryptionContext context) {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(context, "encryptionContext");
    if (plaintext.length == 0 || plaintext.length > MAX_PLAINTEXT_BYTES) {
      throw new InvalidArgumentException(
          "plaintext must be 1 to " + MAX_PLAINTEXT_BYTES + " bytes; use a data key for more");
    }
    return new EncryptRequest(keyId, plaintext, context);
  }

  public String keyId() {
    return keyId;
  }

  /** The caller's plaintext array itself. */
  public byte[] plaintext(InsecureSecretAccess access) {
    Objects.requireNonNull(access, "access");
    return plaintext;
  }

  public EncryptionContext encryptionContext() {
    return encryptionContext;
  }

  @Override
  public String toString() {
    return "EncryptRequest["
        + keyId
        + ", "
        + plaintext.length
        + " bytes, "
        + encryptionContext
        + "]";
  }
}
