package dev.coffer.engine.archive;

import dev.coffer.engine.internal.archive.ArchiveSealer;
import dev.coffer.engine.internal.archive.RecordWriter;
import dev.coffer.format.v1.ArchiveEntryType;
import dev.coffer.format.v1.EndRecord;
import dev.coffer.format.v1.EntryRecord;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.KeyService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Archives as an attacker holding the key could write them: validly sealed, with records that no
 * Coffer writer would produce (paths with "..", absolute paths, links out).
 */
final class CraftedArchive {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final OutputStream body;
  private final RecordWriter records;
  private long entries;
  private long bytes;

  CraftedArchive(KeyService kms, String key) throws IOException {
    ArchiveSealer.Sealed sealed =
        ArchiveSealer.seal(
            kms,
            key,
            EncryptionContext.empty(),
            List.of(),
            ArchiveSpec.DEFAULT_SEGMENT_SIZE,
            ArchiveFixture.TIME,
            "");
    out.write(sealed.header().bytes());
    body = sealed.cipher().encrypting(out);
    records = new RecordWriter(body);
  }

  CraftedArchive file(String path, byte[] data) throws IOException {
    records.entry(record(path, ArchiveEntryType.ARCHIVE_ENTRY_TYPE_FILE).build());
    bytes += records.data(new ByteArrayInputStream(data));
    entries++;
    return this;
  }

  CraftedArchive directory(String path) throws IOException {
    records.entry(record(path, ArchiveEntryType.ARCHIVE_ENTRY_TYPE_DIRECTORY).build());
    entries++;
    return this;
  }

  CraftedArchive symlink(String path, String target) throws IOException {
    records.entry(
        record(path, ArchiveEntryType.ARCHIVE_ENTRY_TYPE_SYMLINK).setLinkTarget(target).build());
    entries++;
    return this;
  }

  /** An exported object, whose key need not be a safe path. */
  CraftedArchive object(String key, byte[] data) throws IOException {
    records.entry(
        record(key, ArchiveEntryType.ARCHIVE_ENTRY_TYPE_FILE)
            .setObject(dev.coffer.format.v1.ArchivedObject.newBuilder().setContentType("x/y"))
            .build());
    bytes += records.data(new ByteArrayInputStream(data));
    entries++;
    return this;
  }

  byte[] finish() throws IOException {
    records.end(EndRecord.newBuilder().setEntryCount(entries).setTotalBytes(bytes).build());
    body.close();
    return out.toByteArray();
  }

  private static EntryRecord.Builder record(String path, ArchiveEntryType type) {
    return EntryRecord.newBuilder()
        .setPath(path)
        .setType(type)
        .setMode(0644)
        .setModifiedEpochMillis(ArchiveFixture.TIME.toEpochMilli());
  }
}
