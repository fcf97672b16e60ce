package dev.coffer.engine.archive;

import dev.coffer.engine.internal.archive.EntryCodec;
import dev.coffer.engine.internal.archive.RecordReader;
import dev.coffer.format.v1.EndRecord;
import dev.coffer.keystore.InvalidCiphertextException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads an archive as a stream, entry by entry, in a few buffers of 64 KiB whatever its size. Every
 * byte it returns, names and metadata included, comes from a segment that has been authenticated;
 * the archive as a whole (nothing cut off, nothing appended, the end record's counts) is proven
 * only when {@link #next} has returned empty. A failure is an unchecked {@link
 * dev.coffer.keystore.CofferException} (integrity failure) thrown from whichever call met it.
 *
 * <pre>{@code
 * try (InputStream in = Files.newInputStream(file)) {
 *   ArchiveHeader header = ArchiveHeader.read(in);
 *   ArchiveKey key = ArchiveKey.open(kms, header, OpenOptions.defaults());
 *   ArchiveReader archive = ArchiveReader.open(in, key);
 *   for (Optional<ArchiveEntry> e; (e = archive.next()).isPresent(); ) {
 *     if (e.get().type() == EntryType.FILE) {
 *       archive.data().transferTo(out);
 *     }
 *   }
 * }
 * }</pre>
 *
 * Not thread-safe.
 */
public final class ArchiveReader implements AutoCloseable {
  private final ArchiveHeader header;
  private final InputStream body;
  private final RecordReader records;
  private ArchiveEntry current;
  private boolean dataPending;
  private long entries;
  private long bytes;
  private ArchiveSummary summary;

  private ArchiveReader(ArchiveHeader header, InputStream body) {
    this.header = header;
    this.body = body;
    this.records = new RecordReader(body);
  }

  /**
   * Reads the body that follows the header in {@code in} (positioned by {@link ArchiveHeader#read})
   * with the key opened for that header.
   */
  public static ArchiveReader open(InputStream in, ArchiveKey key) {
    ArchiveHeader header = key.header();
    return new ArchiveReader(header, key.cipher().decrypting(in, header.length()));
  }

  public ArchiveHeader header() {
    return header;
  }

  /**
   * The next entry, skipping (and so authenticating) what is left of the previous file's data;
   * empty once the end record has been read, checked against the entries and bytes seen, and the
   * end of the archive authenticated.
   */
  public Optional<ArchiveEntry> next() throws IOException {
    if (summary != null) {
      return Optional.empty();
    }
    skipData();
    RecordReader.Next next = records.next();
    if (next.end() != null) {
      EndRecord end = next.end();
      if (end.getEntryCount() != entries || end.getTotalBytes() != bytes) {
        throw new InvalidCiphertextException(
            "the archive's contents are malformed: its end record counts "
                + end.getEntryCount()
                + " entries and "
                + end.getTotalBytes()
                + " bytes, but it holds "
                + entries
                + " and "
                + bytes);
      }
      current = null;
      summary = new ArchiveSummary(entries, bytes);
      return Optional.empty();
    }
    entries++;
    current = EntryCodec.decode(next.entry(), entries);
    if (current.type() == EntryType.FILE) {
      records.beginData();
      dataPending = true;
    }
    return Optional.of(current);
  }

  /**
   * The current file's data: each byte from an authenticated segment, and end of stream only once
   * the file's end (its last, empty chunk) has been authenticated too. Closing it does nothing.
   *
   * @throws IllegalStateException if the current entry is not a file
   */
  public InputStream data() {
    if (current == null || current.type() != EntryType.FILE) {
      throw new IllegalStateException("the current entry is not a file");
    }
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (!dataPending || len == 0) {
          return dataPending ? 0 : -1;
        }
        int n = records.readData(b, off, len);
        if (n < 0) {
          dataPending = false;
        } else {
          bytes += n;
        }
        return n;
      }
    };
  }

  /** Reads the rest of the current file's data, authenticating it; returns how many bytes. */
  public long skipData() throws IOException {
    if (!dataPending) {
      return 0;
    }
    long n = records.skipData();
    bytes += n;
    dataPending = false;
    return n;
  }

  /**
   * What the end record says, once {@link #next} has returned empty.
   *
   * @throws IllegalStateException before that
   */
  public ArchiveSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("the archive has not been read to its end");
    }
    return summary;
  }

  /** Closes the input. */
  @Override
  public void close() throws IOException {
    body.close();
  }
}
