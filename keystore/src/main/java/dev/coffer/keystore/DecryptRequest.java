package dev.coffer.keystore;

import java.util.Objects;
import java.util.Optional;

/**
 * Decrypt: opens a ciphertext blob from Encrypt or GenerateDataKey. The blob names its key and
 * version; naming a key here is optional and, if given, must match (else {@link
 * IncorrectKeyException}).
 */
public final class DecryptRequest {
  private final byte[] ciphertextBlob;
  private final EncryptionContext encryptionContext;
  private final Optional<String> keyId;

  private DecryptRequest(byte[] blob, EncryptionContext context, Optional<String> keyId) {
    this.ciphertextBlob = blob;
    this.encryptionContext = context;
    this.keyId = keyId;
  }

  public static DecryptRequest of(byte[] ciphertextBlob, EncryptionContext context) {
    return new DecryptRequest(
        Objects.requireNonNull(ciphertextBlob, "ciphertextBlob").clone(),
        Objects.requireNonNull(context, "encryptionContext"),
        Optional.empty());
  }

  public static DecryptRequest of(Ciphertext ciphertext, EncryptionContext context) {
    return of(ciphertext.blob(), context);
  }

  /** The same request, insisting the blob was made under {@code keyId}. */
  public DecryptRequest withKeyId(String keyId) {
    return new DecryptRequest(
        ciphertextBlob, encryptionContext, Optional.of(Objects.requireNonNull(keyId, "keyId")));
  }

  public byte[] ciphertextBlob() {
    return ciphertextBlob.clone();
  }

  public EncryptionContext encryptionContext() {
    return encryptionContext;
  }

  public Optional<String> keyId() {
    return keyId;
  }
}
