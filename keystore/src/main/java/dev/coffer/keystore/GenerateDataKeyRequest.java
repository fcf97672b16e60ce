package dev.coffer.keystore;

import java.util.Objects;

/**
 * GenerateDataKey and GenerateDataKeyWithoutPlaintext: a fresh random data key wrapped under the
 * named master key and bound to the encryption context.
 */
public final class GenerateDataKeyRequest {
  /** KMS's bounds on {@code NumberOfBytes}. */
  public static final int MIN_BYTES = 1;

  public static final int MAX_BYTES = 1024;

  private final String keyId;
  private final EncryptionContext encryptionContext;
  private final int numberOfBytes;

  private GenerateDataKeyRequest(Builder b) {
    this.keyId = b.keyId;
    this.encryptionContext = b.encryptionContext;
    this.numberOfBytes = b.numberOfBytes;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A 256-bit data key under {@code keyId} bound to {@code context}. */
  public static GenerateDataKeyRequest of(String keyId, EncryptionContext context) {
    return builder().keyId(keyId).encryptionContext(context).build();
  }

  public String keyId() {
    return keyId;
  }

  public EncryptionContext encryptionContext() {
    return encryptionContext;
  }

  public int numberOfBytes() {
    return numberOfBytes;
  }

  /** Validating builder. */
  public static final class Builder {
    private String keyId;
    private EncryptionContext encryptionContext = EncryptionContext.empty();
    private int numberOfBytes = KeySpec.AES_256.numberOfBytes();

    private Builder() {}

    /** Key id, {@code alias/NAME}, key ARN or alias ARN. */
    public Builder keyId(String keyId) {
      this.keyId = Objects.requireNonNull(keyId, "keyId");
      return this;
    }

    public Builder encryptionContext(EncryptionContext context) {
      this.encryptionContext = Objects.requireNonNull(context, "encryptionContext");
      return this;
    }

    public Builder keySpec(KeySpec spec) {
      this.numberOfBytes = spec.numberOfBytes();
      return this;
    }

    public Builder numberOfBytes(int n) {
      this.numberOfBytes = n;
      return this;
    }

    public GenerateDataKeyRequest build() {
      if (keyId == null) {
        throw new InvalidArgumentException("keyId is required");
      }
      if (numberOfBytes < MIN_BYTES || numberOfBytes > MAX_BYTES) {
        throw new InvalidArgumentException(
            "numberOfBytes must be between " + MIN_BYTES + " and " + MAX_BYTES);
      }
      return new GenerateDataKeyRequest(this);
    }
  }
}
