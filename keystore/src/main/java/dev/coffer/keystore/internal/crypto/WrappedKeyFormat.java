package dev.coffer.keystore.internal.crypto;

import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.InvalidCiphertextException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The ciphertext blob of Encrypt, GenerateDataKey and ReEncrypt (format version 1). Every wrapped
 * data key Coffer stores has this form.
 *
 * <pre>
 * offset  length  field
 *      0       1  format version, 0x01
 *      1      16  master key id (UUID, most significant half first)
 *     17       4  master key version (unsigned, big-endian)
 *     21       5  Tink output prefix: 0x01 ‖ Tink key id of the version (big-endian)
 *     26      12  AES-GCM nonce (random)
 *     38       n  AES-256-GCM ciphertext of the plaintext
 *   38+n      16  AES-GCM tag
 * </pre>
 *
 * Bytes 21 onward are the Tink AEAD ciphertext of the version's key. Its associated data is
 *
 * <pre>
 *   "coffer/v1/wrap" ‖ bytes 0..20 of the blob ‖ canonical(encryption context)
 * </pre>
 *
 * so the header (format, key, version) and the context are both authenticated: a blob moved to
 * another key or version, edited in any bit, or presented with another context fails. The overhead
 * is {@value #OVERHEAD} bytes.
 */
public final class WrappedKeyFormat {
  public static final byte FORMAT_VERSION = 1;
  public static final int HEADER_LENGTH = 21;
  private static final int TINK_OVERHEAD = 5 + 12 + 16;
  public static final int OVERHEAD = HEADER_LENGTH + TINK_OVERHEAD;
  private static final byte[] LABEL = "coffer/v1/wrap".getBytes(StandardCharsets.US_ASCII);

  private WrappedKeyFormat() {}

  /** The parsed header of a blob. */
  public record Header(UUID keyId, int version) {}

  /** The 21-byte header for a blob under {@code keyId} version {@code version}. */
  public static byte[] header(UUID keyId, int version) {
    return ByteBuffer.allocate(HEADER_LENGTH)
        .put(FORMAT_VERSION)
        .putLong(keyId.getMostSignificantBits())
        .putLong(keyId.getLeastSignificantBits())
        .putInt(version)
        .array();
  }

  /**
   * Reads the header of a blob.
   *
   * @throws InvalidCiphertextException if the blob is too short or of an unknown format
   */
  public static Header parseHeader(byte[] blob) {
    if (blob.length < OVERHEAD || blob[0] != FORMAT_VERSION) {
      throw new InvalidCiphertextException();
    }
    ByteBuffer buf = ByteBuffer.wrap(blob, 1, HEADER_LENGTH - 1);
    UUID keyId = new UUID(buf.getLong(), buf.getLong());
    int version = buf.getInt();
    if (version < 1) {
      throw new InvalidCiphertextException();
    }
    return new Header(keyId, version);
  }

  /** The associated data for a blob with this header and context. */
  public static byte[] associatedData(byte[] header, EncryptionContext context) {
    ByteBuffer aad =
        ByteBuffer.allocate(LABEL.length + HEADER_LENGTH + context.canonicalLength())
            .put(LABEL)
            .put(header, 0, HEADER_LENGTH);
    context.writeCanonicalTo(aad);
    return aad.array();
  }

  /** Header followed by the Tink ciphertext. */
  public static byte[] assemble(byte[] header, byte[] tinkCiphertext) {
    byte[] blob = new byte[HEADER_LENGTH + tinkCiphertext.length];
    System.arraycopy(header, 0, blob, 0, HEADER_LENGTH);
    System.arraycopy(tinkCiphertext, 0, blob, HEADER_LENGTH, tinkCiphertext.length);
    return blob;
  }

  /** The Tink ciphertext part of a blob. */
  public static byte[] tinkCiphertext(byte[] blob) {
    byte[] out = new byte[blob.length - HEADER_LENGTH];
    System.arraycopy(blob, HEADER_LENGTH, out, 0, out.length);
    return out;
  }
}
