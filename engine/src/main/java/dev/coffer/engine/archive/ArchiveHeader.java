package dev.coffer.engine.archive;

import dev.coffer.engine.internal.archive.ArchiveFormat;
import dev.coffer.engine.internal.archive.ArchiveOpener;
import dev.coffer.engine.internal.archive.HeaderCodec;
import dev.coffer.keystore.EncryptionContext;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The unencrypted start of an archive: who can open it and how it is sealed. Read it with {@link
 * #read} before opening a keystore (so a pipeline's producer can finish with the keystore first),
 * then open its key with {@link ArchiveKey#open}. Nothing in it is authenticated until the body is
 * read: every segment of the body authenticates the whole header.
 */
public final class ArchiveHeader {
  private final HeaderCodec.StoredHeader stored;

  ArchiveHeader(HeaderCodec.StoredHeader stored) {
    this.stored = stored;
  }

  /**
   * Reads the header from the start of an archive, leaving {@code in} at the start of the body.
   *
   * @throws dev.coffer.keystore.InvalidCiphertextException if it is not an archive of a known
   *     format version, or is damaged
   */
  public static ArchiveHeader read(InputStream in) throws IOException {
    return new ArchiveHeader(HeaderCodec.read(in));
  }

  /** The format version (1). */
  public int formatVersion() {
    return ArchiveFormat.VERSION;
  }

  /** The keys that can open the archive, the one it was created under first. */
  public List<ArchiveRecipient> recipients() {
    return ArchiveOpener.recipients(stored.proto()).stream()
        .map(r -> new ArchiveRecipient(r.keyArn(), r.keyVersion()))
        .toList();
  }

  /** The creator's encryption-context pairs (without Coffer's own {@code coffer:archive}). */
  public EncryptionContext encryptionContext() {
    return ArchiveFormat.callerPairs(wrappingContext());
  }

  /** The full context the data key is wrapped with, {@code coffer:archive} included. */
  public EncryptionContext wrappingContext() {
    return EncryptionContext.of(stored.proto().getEncryptionContextMap());
  }

  public int segmentSize() {
    return stored.proto().getSegmentSize();
  }

  public Instant created() {
    return Instant.ofEpochMilli(stored.proto().getCreatedEpochMillis());
  }

  /** The principal that created the archive. */
  public String createdBy() {
    return stored.proto().getCreatedBy();
  }

  /** For an archive made by {@link BucketExporter}: the bucket exported. */
  public Optional<String> exportedBucket() {
    String bucket = stored.proto().getExportedBucket();
    return bucket.isEmpty() ? Optional.empty() : Optional.of(bucket);
  }

  /** Length of the header in the file: the body starts at this offset. */
  public int length() {
    return stored.bytes().length;
  }

  HeaderCodec.StoredHeader stored() {
    return stored;
  }

  @Override
  public String toString() {
    return "ArchiveHeader[" + recipients() + ", " + encryptionContext() + "]";
  }
}
