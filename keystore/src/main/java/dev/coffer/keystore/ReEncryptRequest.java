package dev.coffer.keystore;

import java.util.Objects;
import java.util.Optional;

/**
 * ReEncrypt: decrypts a blob inside the keystore and encrypts the plaintext again under the
 * destination key's primary version and the destination context. Re-encrypting under the same key
 * moves a blob to the key's newest version (rewrap after rotation).
 */
public final class ReEncryptRequest {
  private final byte[] ciphertextBlob;
  private final EncryptionContext sourceEncryptionContext;
  private final Optional<String> sourceKeyId;
  private final String destinationKeyId;
  private final EncryptionContext destinationEncryptionContext;

  private ReEncryptRequest(Builder b) {
    this.ciphertextBlob = b.ciphertextBlob;
    this.sourceEncryptionContext = b.sourceEncryptionContext;
    this.sourceKeyId = b.sourceKeyId;
    this.destinationKeyId = b.destinationKeyId;
    this.destinationEncryptionContext =
        b.destinationEncryptionContext == null
            ? b.sourceEncryptionContext
            : b.destinationEncryptionContext;
  }

  public static Builder builder() {
    return new Builder();
  }

  public byte[] ciphertextBlob() {
    return ciphertextBlob.clone();
  }

  public EncryptionContext sourceEncryptionContext() {
    return sourceEncryptionContext;
  }

  public Optional<String> sourceKeyId() {
    return sourceKeyId;
  }

  public String destinationKeyId() {
    return destinationKeyId;
  }

  /** The destination context; the source context unless another was set. */
  public EncryptionContext destinationEncryptionContext() {
    return destinationEncryptionContext;
  }

  /** Validating builder. */
  public static final class Builder {
    private byte[] ciphertextBlob;
    private EncryptionContext sourceEncryptionContext = EncryptionContext.empty();
    private Optional<String> sourceKeyId = Optional.empty();
    private String destinationKeyId;
    private EncryptionContext destinationEncryptionContext;

    private Builder() {}

    public Builder ciphertextBlob(byte[] blob) {
      this.ciphertextBlob = Objects.requireNonNull(blob, "ciphertextBlob").clone();
      return this;
    }

    public Builder sourceEncryptionContext(EncryptionContext context) {
      this.sourceEncryptionContext = Objects.requireNonNull(context, "sourceEncryptionContext");
      return this;
    }

    public Builder sourceKeyId(String keyId) {
      this.sourceKeyId = Optional.of(Objects.requireNonNull(keyId, "sourceKeyId"));
      return this;
    }

    public Builder destinationKeyId(String keyId) {
      this.destinationKeyId = Objects.requireNonNull(keyId, "destinationKeyId");
      return this;
    }

    public Builder destinationEncryptionContext(EncryptionContext context) {
      this.destinationEncryptionContext =
          Objects.requireNonNull(context, "destinationEncryptionContext");
      return this;
    }

    public ReEncryptRequest build() {
      if (ciphertextBlob == null) {
        throw new InvalidArgumentException("ciphertextBlob is required");
      }
      if (destinationKeyId == null) {
        throw new InvalidArgumentException("destinationKeyId is required");
      }
      return new ReEncryptRequest(this);
    }
  }
}
