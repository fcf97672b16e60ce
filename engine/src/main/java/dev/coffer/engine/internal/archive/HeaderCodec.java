package dev.coffer.engine.internal.archive;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.coffer.format.v1.ArchiveHeader;
import dev.coffer.format.v1.ArchiveRecipient;
import dev.coffer.format.v1.ArchiveScheme;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.InvalidCiphertextException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Writes and reads the unencrypted start of an archive: magic, version, header length and header.
 * Everything read here is checked for shape only; it is authenticated later, as the associated data
 * of every segment, so a reader must not act on it beyond choosing which key to ask for.
 */
public final class HeaderCodec {
  private HeaderCodec() {}

  /** A header as stored: its bytes from offset 0 (the body's associated data) and their meaning. */
  public record StoredHeader(byte[] bytes, ArchiveHeader proto) {
    public StoredHeader {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /** Magic, version, length and the header, ready to be written and authenticated. */
  public static StoredHeader encode(ArchiveHeader header) {
    byte[] proto = header.toByteArray();
    if (proto.length > ArchiveFormat.MAX_HEADER_LENGTH) {
      throw new InvalidArgumentException(
          "the archive header would exceed "
              + ArchiveFormat.MAX_HEADER_LENGTH
              + " bytes: fewer recipients or a smaller encryption context");
    }
    byte[] bytes =
        ByteBuffer.allocate(ArchiveFormat.PREFIX_LENGTH + proto.length)
            .put(ArchiveFormat.MAGIC)
            .putInt(ArchiveFormat.VERSION)
            .putInt(proto.length)
            .put(proto)
            .array();
    validate(header);
    return new StoredHeader(bytes, header);
  }

  /**
   * Reads the start of an archive, leaving {@code in} at the first byte of the body.
   *
   * @throws InvalidCiphertextException if it is not an archive of this format, or is damaged
   */
  public static StoredHeader read(InputStream in) throws IOException {
    byte[] prefix = in.readNBytes(ArchiveFormat.PREFIX_LENGTH);
    if (prefix.length == 0) {
      throw damaged("the input is empty: not a Coffer archive");
    }
    if (!Arrays.equals(
        prefix,
        0,
        Math.min(prefix.length, ArchiveFormat.MAGIC.length),
        ArchiveFormat.MAGIC,
        0,
        Math.min(prefix.length, ArchiveFormat.MAGIC.length))) {
      throw damaged("not a Coffer archive (it does not start with the archive magic)");
    }
    if (prefix.length < ArchiveFormat.PREFIX_LENGTH) {
      throw damaged("the archive is truncated in its header");
    }
    ByteBuffer buf = ByteBuffer.wrap(prefix, ArchiveFormat.MAGIC.length, 8);
    int version = buf.getInt();
    if (version != ArchiveFormat.VERSION) {
      throw damaged(
          "archive format version "
              + Integer.toUnsignedString(version)
              + " is not supported (this Coffer reads version "
              + ArchiveFormat.VERSION
              + ")");
    }
    int length = buf.getInt();
    if (length < 1 || length > ArchiveFormat.MAX_HEADER_LENGTH) {
      throw damaged("the archive header length is out of range: the archive is damaged");
    }
    byte[] proto = in.readNBytes(length);
    if (proto.length < length) {
      throw damaged("the archive is truncated in its header");
    }
    ArchiveHeader header;
    try {
      header = ArchiveHeader.parseFrom(proto);
    } catch (InvalidProtocolBufferException e) {
      throw damaged("the archive header is damaged");
    }
    validate(header);
    byte[] bytes = ByteBuffer.allocate(prefix.length + proto.length).put(prefix).put(proto).array();
    return new StoredHeader(bytes, header);
  }

  private static void validate(ArchiveHeader h) {
    if (h.getScheme() != ArchiveScheme.ARCHIVE_SCHEME_TINK_AES256_GCM_HKDF_V1) {
      throw damaged("the archive names an encryption scheme this Coffer does not accept");
    }
    if (!ArchiveFormat.validSegmentSize(Integer.toUnsignedLong(h.getSegmentSize()))) {
      throw damaged("the archive's segment size is out of range: the archive is damaged");
    }
    checkRecipient(h.getKeyArn(), h.getKeyVersion(), h.getWrappedDataKey().size());
    if (h.getRecipientsCount() > ArchiveFormat.MAX_RECIPIENTS - 1) {
      throw damaged("the archive has more recipients than a reader accepts");
    }
    for (ArchiveRecipient r : h.getRecipientsList()) {
      checkRecipient(r.getKeyArn(), r.getKeyVersion(), r.getWrappedDataKey().size());
    }
    if (h.getKeyCommitment().size() != BodyCipher.COMMITMENT_LENGTH) {
      throw damaged("the archive's key commitment is damaged");
    }
    EncryptionContext context;
    try {
      context = EncryptionContext.of(h.getEncryptionContextMap());
    } catch (InvalidArgumentException e) {
      throw damaged("the archive's encryption context is damaged");
    }
    if (!ArchiveFormat.PURPOSE_VALUE.equals(context.asMap().get(ArchiveFormat.PURPOSE_KEY))) {
      throw damaged(
          "the archive's encryption context lacks "
              + ArchiveFormat.PURPOSE_KEY
              + "="
              + ArchiveFormat.PURPOSE_VALUE
              + ": its key is not an archive key");
    }
  }

  private static void checkRecipient(String arn, int version, int wrappedLength) {
    if (arn.isEmpty() || version < 1 || wrappedLength == 0) {
      throw damaged("the archive header names a recipient without key, version or wrapped key");
    }
  }

  private static InvalidCiphertextException damaged(String message) {
    return new InvalidCiphertextException(message);
  }
}
