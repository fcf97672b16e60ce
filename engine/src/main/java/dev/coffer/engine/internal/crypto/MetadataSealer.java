package dev.coffer.engine.internal.crypto;

import com.google.crypto.tink.Aead;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.coffer.format.v1.ObjectMetadata;
import dev.coffer.keystore.InvalidCiphertextException;
import dev.coffer.keystore.internal.crypto.KeyBoundAesGcm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Seals an object's content type and user metadata (S3 keeps them in plaintext; Coffer does not)
 * under the engine's metadata key, so that HeadObject can show them without a keystore call.
 *
 * <pre>
 *   sealed = nonce (12 random bytes) ‖ AES-256-GCM(key, nonce, aad, metadata) ‖ tag (16 bytes)
 *   aad    = "coffer/v1/metadata" ‖ version id
 * </pre>
 *
 * The bytes of Tink's {@code AesGcmJce}, which wrote them before; {@link KeyBoundAesGcm} keeps a
 * cipher per thread for this key alone, so its AES key is not expanded again on every call (a
 * cipher shared with the per-object keys would be). The associated data keeps sealed metadata from
 * moving to another object.
 */
public final class MetadataSealer {
  private static final byte[] LABEL = "coffer/v1/metadata".getBytes(StandardCharsets.US_ASCII);

  private final Aead aead;

  /** Zeroes {@code key} once the cipher holds it. */
  public MetadataSealer(byte[] key) {
    try {
      this.aead = KeyBoundAesGcm.ofRawKey(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create the metadata cipher", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  public byte[] seal(ObjectMetadata metadata, byte[] versionId) {
    byte[] plaintext = metadata.toByteArray();
    try {
      return aead.encrypt(plaintext, aad(versionId));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal metadata", e);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  public ObjectMetadata open(byte[] sealed, byte[] versionId) {
    try {
      return ObjectMetadata.parseFrom(aead.decrypt(sealed, aad(versionId)));
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      throw new InvalidCiphertextException("object metadata failed authentication");
    }
  }

  private static byte[] aad(byte[] versionId) {
    return ByteBuffer.allocate(LABEL.length + versionId.length).put(LABEL).put(versionId).array();
  }

  @Override
  public String toString() {
    return "MetadataSealer[redacted]";
  }
}
