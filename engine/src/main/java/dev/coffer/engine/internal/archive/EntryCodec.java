package dev.coffer.engine.internal.archive;

import dev.coffer.engine.archive.ArchiveEntry;
import dev.coffer.engine.archive.ArchivedObject;
import dev.coffer.engine.archive.EntryType;
import dev.coffer.format.v1.ArchiveEntryType;
import dev.coffer.format.v1.EntryRecord;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.InvalidCiphertextException;
import java.time.Instant;
import java.util.Optional;

/** Entries to and from their records. */
public final class EntryCodec {
  private EntryCodec() {}

  public static EntryRecord encode(ArchiveEntry entry) {
    EntryRecord.Builder record =
        EntryRecord.newBuilder()
            .setPath(entry.path())
            .setType(
                switch (entry.type()) {
                  case FILE -> ArchiveEntryType.ARCHIVE_ENTRY_TYPE_FILE;
                  case DIRECTORY -> ArchiveEntryType.ARCHIVE_ENTRY_TYPE_DIRECTORY;
                  case SYMLINK -> ArchiveEntryType.ARCHIVE_ENTRY_TYPE_SYMLINK;
                })
            .setMode(entry.mode())
            .setModifiedEpochMillis(entry.modified().toEpochMilli())
            .setLinkTarget(entry.linkTarget());
    entry
        .object()
        .ifPresent(
            o ->
                record.setObject(
                    dev.coffer.format.v1.ArchivedObject.newBuilder()
                        .setContentType(o.contentType())
                        .putAllUserMetadata(o.userMetadata())
                        .putAllEncryptionContext(o.encryptionContext().asMap())
                        .setKmsKeyArn(o.kmsKeyArn())
                        .setBucketKeyEnabled(o.bucketKeyEnabled())
                        .setLastModifiedEpochMillis(o.lastModified().toEpochMilli())));
    return record.build();
  }

  /**
   * The entry a record describes.
   *
   * @param number the entry's position (from 1), for the error message
   * @throws InvalidCiphertextException if the record is not a valid entry: an unsafe path above
   *     all, which only a crafted archive can hold
   */
  public static ArchiveEntry decode(EntryRecord record, long number) {
    EntryType type =
        switch (record.getType()) {
          case ARCHIVE_ENTRY_TYPE_FILE -> EntryType.FILE;
          case ARCHIVE_ENTRY_TYPE_DIRECTORY -> EntryType.DIRECTORY;
          case ARCHIVE_ENTRY_TYPE_SYMLINK -> EntryType.SYMLINK;
          default -> throw refused(number, record, "its type is unknown");
        };
    try {
      Optional<ArchivedObject> object = Optional.empty();
      if (record.hasObject()) {
        dev.coffer.format.v1.ArchivedObject o = record.getObject();
        object =
            Optional.of(
                new ArchivedObject(
                    o.getContentType(),
                    o.getUserMetadataMap(),
                    EncryptionContext.of(o.getEncryptionContextMap()),
                    o.getKmsKeyArn(),
                    o.getBucketKeyEnabled(),
                    Instant.ofEpochMilli(o.getLastModifiedEpochMillis())));
      }
      return new ArchiveEntry(
          record.getPath(),
          type,
          record.getMode(),
          Instant.ofEpochMilli(record.getModifiedEpochMillis()),
          record.getLinkTarget(),
          object);
    } catch (InvalidArgumentException e) {
      throw refused(number, record, e.getMessage());
    }
  }

  private static InvalidCiphertextException refused(long number, EntryRecord record, String why) {
    return new InvalidCiphertextException(
        "entry "
            + number
            + " (\""
            + EntryPaths.printable(record.getPath())
            + "\") is refused: "
            + why);
  }
}
