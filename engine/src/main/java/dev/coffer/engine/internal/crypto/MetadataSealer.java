package dev.coffer.engine.internal.crypto;

import com.google.crypto.tink.subtle.Random;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.coffer.format.v1.ObjectMetadata;
import dev.coffer.keystore.InvalidCiphertextException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals an object's content type and user metadata (S3 keeps them in plaintext; Coffer does not)
 * under the engine's metadata key, so that HeadObject can show them without a keystore call.
 *
 * <pre>
 *   sealed = nonce (12 random bytes) ‖ AES-256-GCM(key, nonce, aad, metadata) ‖ tag (16 bytes)
 *   aad    = "coffer/v1/metadata" ‖ version id
 * </pre>
 *
 * The same bytes as Tink's {@code AesGcmJce}, which wrote them before. The associated data keeps
 * sealed metadata from moving to another object. Each thread keeps a cipher for this key alone: the
 * JDK expands an AES key again whenever a cipher is initialised with a key other than its last, and
 * a cipher shared with the per-object keys would do so on every call.
 */
public final class MetadataSealer {
  private static final byte[] LABEL = "coffer/v1/metadata".getBytes(StandardCharsets.US_ASCII);
  private static final int NONCE_LENGTH = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final ThreadLocal<Cipher> ciphers =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES-GCM is unavailable", e);
            }
          });

  /** Zeroes {@code key} once the cipher holds it. */
  public MetadataSealer(byte[] key) {
    try {
      if (key.length != 32) {
        throw new IllegalArgumentException("the metadata key must be 32 bytes");
      }
      this.key = new SecretKeySpec(key, "AES");
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  public byte[] seal(ObjectMetadata metadata, byte[] versionId) {
    byte[] plaintext = metadata.toByteArray();
    byte[] nonce = Random.randBytes(NONCE_LENGTH);
    try {
      Cipher c = ciphers.get();
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad(versionId));
      byte[] out = new byte[NONCE_LENGTH + c.getOutputSize(plaintext.length)];
      System.arraycopy(nonce, 0, out, 0, NONCE_LENGTH);
      c.doFinal(plaintext, 0, plaintext.length, out, NONCE_LENGTH);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal metadata", e);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  public ObjectMetadata open(byte[] sealed, byte[] versionId) {
    if (sealed.length < NONCE_LENGTH + TAG_BITS / 8) {
      throw new InvalidCiphertextException("object metadata failed authentication");
    }
    try {
      Cipher c = ciphers.get();
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_LENGTH));
      c.updateAAD(aad(versionId));
      return ObjectMetadata.parseFrom(
          c.doFinal(sealed, NONCE_LENGTH, sealed.length - NONCE_LENGTH));
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
