package dev.coffer.engine.internal.crypto;

import dev.coffer.keystore.EncryptionContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The associated data of an object's ciphertext, format version 1:
 *
 * <pre>
 *   "coffer/v1/object" ‖ BE32(len) ‖ bucket ‖ BE32(len) ‖ object key ‖ version id (16 bytes)
 *     ‖ canonical(encryption context)
 * </pre>
 *
 * Strings are UTF-8; the context encoding is {@link EncryptionContext#canonicalBytes()}. Every
 * field is length-prefixed or fixed-length, so two different objects never share associated data: a
 * ciphertext moved to another bucket, key or version, or read with another context, fails. The same
 * bytes are the HKDF info when an object's data key is derived from a bucket key.
 */
public final class ObjectAad {
  private static final byte[] LABEL = "coffer/v1/object".getBytes(StandardCharsets.US_ASCII);
  public static final int VERSION_ID_LENGTH = 16;

  private ObjectAad() {}

  public static byte[] of(String bucket, String key, byte[] versionId, EncryptionContext context) {
    if (versionId.length != VERSION_ID_LENGTH) {
      throw new IllegalArgumentException("version ids are 16 bytes");
    }
    byte[] b = bucket.getBytes(StandardCharsets.UTF_8);
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf =
        ByteBuffer.allocate(
            LABEL.length
                + 4
                + b.length
                + 4
                + k.length
                + VERSION_ID_LENGTH
                + context.canonicalLength());
    buf.put(LABEL).putInt(b.length).put(b).putInt(k.length).put(k).put(versionId);
    context.writeCanonicalTo(buf);
    return buf.array();
  }
}
