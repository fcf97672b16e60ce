package dev.coffer.engine.internal.archive;

import com.google.protobuf.MessageLite;
import dev.coffer.format.v1.EndRecord;
import dev.coffer.format.v1.EntryRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Writes the record stream of an archive body (layout in {@code archive.proto}). */
public final class RecordWriter {
  /** Chunks are filled before they are written, so a trickling pipe does not make tiny ones. */
  private static final int CHUNK = 64 * 1024;

  private final OutputStream out;
  private final byte[] chunk = new byte[4 + CHUNK];

  public RecordWriter(OutputStream plaintext) {
    this.out = plaintext;
  }

  public void entry(EntryRecord entry) throws IOException {
    record(ArchiveFormat.ENTRY_RECORD, entry);
  }

  /** Copies {@code data} to its end as the current file's chunks; returns its length. */
  public long data(InputStream data) throws IOException {
    long total = 0;
    for (int n; (n = data.readNBytes(chunk, 4, CHUNK)) > 0; ) {
      putLength(chunk, n);
      out.write(chunk, 0, 4 + n);
      total += n;
    }
    putLength(chunk, 0);
    out.write(chunk, 0, 4);
    return total;
  }

  public void end(EndRecord end) throws IOException {
    record(ArchiveFormat.END_RECORD, end);
  }

  private void record(byte type, MessageLite message) throws IOException {
    byte[] bytes = message.toByteArray();
    if (bytes.length > ArchiveFormat.MAX_RECORD_LENGTH) {
      throw new dev.coffer.keystore.InvalidArgumentException(
          "an archive entry's name and metadata exceed "
              + ArchiveFormat.MAX_RECORD_LENGTH
              + " bytes");
    }
    byte[] head = new byte[5];
    head[0] = type;
    putLength(head, 1, bytes.length);
    out.write(head);
    out.write(bytes);
  }

  private static void putLength(byte[] b, int n) {
    putLength(b, 0, n);
  }

  private static void putLength(byte[] b, int at, int n) {
    b[at] = (byte) (n >>> 24);
    b[at + 1] = (byte) (n >>> 16);
    b[at + 2] = (byte) (n >>> 8);
    b[at + 3] = (byte) n;
  }
}
