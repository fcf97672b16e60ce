package dev.coffer.engine.archive;

import dev.coffer.engine.internal.archive.EntryCodec;
import dev.coffer.engine.internal.archive.RecordWriter;
import dev.coffer.format.v1.EndRecord;
import dev.coffer.keystore.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes an archive, format version 1, as a stream: memory is a few buffers of 64 KiB whatever the
 * archive's size.
 *
 * <pre>{@code
 * ArchiveKey key = ArchiveKey.create(kms, ArchiveSpec.builder("alias/backup").build());
 * try (ArchiveWriter archive = ArchiveWriter.start(Files.newOutputStream(file), key)) {
 *   archive.add(ArchiveEntry.directory("docs", 0755, now));
 *   archive.addFile(ArchiveEntry.file("docs/a.txt", 0644, now), Files.newInputStream(a));
 *   archive.finish();
 * }
 * }</pre>
 *
 * <h2>Format, version 1</h2>
 *
 * Integers are unsigned and big-endian; the messages are in {@code coffer/format/v1/archive.proto},
 * which says the same at more length.
 *
 * <pre>
 *   offset  length  field
 *        0       8  magic 0x89 'C' 'F' 'A' 'R' 'C' 0x0D 0x0A
 *        8       4  format version, 1
 *       12       4  H, header length (1 to 262144)
 *       16       H  ArchiveHeader: scheme, segment size S, key ARN and version, wrapped data key,
 *                   encryption context, key commitment, creation time, creating principal,
 *                   further recipients (key ARN, version, wrapped data key), exported bucket
 *     16+H       …  body: Tink AES-GCM-HKDF streaming ciphertext, to the end of the file
 * </pre>
 *
 * <p><b>Keys.</b> The archive has its own 256-bit data key K, from GenerateDataKey under the
 * archive's master key with the creator's encryption context plus {@code coffer:archive=1}; each
 * further recipient holds a copy of K from Encrypt under its own master key with the same context.
 * The header's commitment is {@code HKDF-SHA256(ikm = K, salt = ∅, info =
 * "coffer/v1/archive-key-commitment")}, compared in constant time before the body is opened.
 *
 * <p><b>Body.</b> Tink's {@code StreamingAead} AES-GCM-HKDF (HKDF-SHA256, AES-256, ciphertext
 * segments of S bytes, 4 KiB by default) under K, with associated data = bytes 0 … 16+H of the
 * file, so any edit of the header changes the segment key and the first segment fails: {@code 0x28
 * ‖ salt(32) ‖ noncePrefix(7)}, then segments, each {@code AES-256-GCM(HKDF-SHA256(K, salt, AD),
 * noncePrefix ‖ BE32(i) ‖ lastFlag, P_i) ‖ tag}. The index in the nonce stops reordering; the
 * last-segment flag stops truncation at a segment boundary and appending.
 *
 * <p><b>Plaintext.</b> A record stream: per entry {@code 0x01 ‖ BE32 m ‖ EntryRecord} (path, type,
 * mode, modification time, link target, object metadata) and, for files, the data as chunks {@code
 * BE32 c ‖ c bytes} ended by {@code BE32 0}; then once the end marker {@code 0x02 ‖ BE32 m ‖
 * EndRecord} (entry count and data bytes), and nothing after it. Names and metadata are encrypted
 * like the data.
 *
 * <p>Until {@link #finish} the output is not a valid archive: a writer closed without it (after a
 * failure) leaves output that every reader refuses. Not thread-safe.
 */
public final class ArchiveWriter implements AutoCloseable {
  private final OutputStream out;
  private final OutputStream body;
  private final RecordWriter records;
  private long entries;
  private long bytes;
  private boolean finished;

  private ArchiveWriter(OutputStream out, OutputStream body) {
    this.out = out;
    this.body = body;
    this.records = new RecordWriter(body);
  }

  /** Writes the header of {@code key}'s archive to {@code out}; entries follow. */
  public static ArchiveWriter start(OutputStream out, ArchiveKey key) throws IOException {
    Objects.requireNonNull(out, "out");
    out.write(key.header().stored().bytes());
    return new ArchiveWriter(out, key.cipher().encrypting(out));
  }

  /** Adds a directory or symbolic link. */
  public void add(ArchiveEntry entry) throws IOException {
    if (entry.type() == EntryType.FILE) {
      throw new InvalidArgumentException("a file entry needs its data: use addFile");
    }
    checkOpen();
    records.entry(EntryCodec.encode(entry));
    entries++;
  }

  /** Adds a file and streams {@code data} to its end; returns how many bytes that was. */
  public long addFile(ArchiveEntry entry, InputStream data) throws IOException {
    if (entry.type() != EntryType.FILE) {
      throw new InvalidArgumentException("only file entries have data: use add");
    }
    checkOpen();
    records.entry(EntryCodec.encode(entry));
    entries++;
    long n = records.data(data);
    bytes += n;
    return n;
  }

  /**
   * Writes the end record, seals the last segment and flushes: the archive is complete. The output
   * stays open until {@link #close}.
   */
  public ArchiveSummary finish() throws IOException {
    checkOpen();
    records.end(EndRecord.newBuilder().setEntryCount(entries).setTotalBytes(bytes).build());
    body.close();
    finished = true;
    return new ArchiveSummary(entries, bytes);
  }

  private void checkOpen() {
    if (finished) {
      throw new IllegalStateException("the archive is finished");
    }
  }

  /**
   * Closes the output. Without {@link #finish} first, the last segment is never sealed, so what was
   * written is a truncated archive that no reader accepts.
   */
  @Override
  public void close() throws IOException {
    out.close();
  }
}
