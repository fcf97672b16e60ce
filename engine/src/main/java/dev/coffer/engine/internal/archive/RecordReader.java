package dev.coffer.engine.internal.archive;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.coffer.format.v1.EndRecord;
import dev.coffer.format.v1.EntryRecord;
import dev.coffer.keystore.InvalidCiphertextException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the record stream of an archive body from its authenticated plaintext. The plaintext is
 * genuine (the key holder wrote it), but it may still be malformed on purpose, so every length is
 * bounded before anything is allocated.
 */
public final class RecordReader {
  private final InputStream in;
  private final byte[] four = new byte[4];
  private long remainingInChunk;
  private boolean inData;

  /**
   * @param plaintext the body's plaintext, ending (with -1) only where the body's last segment has
   *     authenticated as the last
   */
  public RecordReader(InputStream plaintext) {
    this.in = plaintext;
  }

  /** The next record: an entry, or the end record ({@code entry == null}). */
  public record Next(EntryRecord entry, EndRecord end) {}

  /** Reads the next record; the current file's data must have been read to its end. */
  public Next next() throws IOException {
    if (inData) {
      throw new IllegalStateException("the current file's data has not been read");
    }
    int type = in.read();
    if (type < 0) {
      throw malformed("it ends without its end record");
    }
    int length = readLength(ArchiveFormat.MAX_RECORD_LENGTH, "record");
    byte[] bytes = readFully(length);
    try {
      if (type == ArchiveFormat.ENTRY_RECORD) {
        return new Next(EntryRecord.parseFrom(bytes), null);
      }
      if (type == ArchiveFormat.END_RECORD) {
        EndRecord end = EndRecord.parseFrom(bytes);
        // The end of the plaintext is authenticated: the segment holding it opened as the last.
        if (in.read() >= 0) {
          throw malformed("data follows its end record");
        }
        return new Next(null, end);
      }
    } catch (InvalidProtocolBufferException e) {
      throw malformed("a record cannot be parsed");
    }
    throw malformed("a record has an unknown type " + type);
  }

  /** Starts reading the current entry's data, which must follow it. */
  public void beginData() {
    inData = true;
    remainingInChunk = 0;
  }

  /**
   * Reads the current file's data; -1 once its last chunk has been read (the zero-length chunk that
   * ends it, which is then authenticated too).
   */
  public int readData(byte[] b, int off, int len) throws IOException {
    if (!inData) {
      return -1;
    }
    if (remainingInChunk == 0) {
      remainingInChunk = readLength(ArchiveFormat.MAX_CHUNK, "data chunk");
      if (remainingInChunk == 0) {
        inData = false;
        return -1;
      }
    }
    int n = in.read(b, off, (int) Math.min(len, remainingInChunk));
    if (n < 0) {
      throw malformed("it ends inside a file's data");
    }
    remainingInChunk -= n;
    return n;
  }

  /** Reads and discards the rest of the current file's data; returns how many bytes it was. */
  public long skipData() throws IOException {
    byte[] scratch = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = readData(scratch, 0, scratch.length)) >= 0; ) {
      total += n;
    }
    return total;
  }

  private int readLength(int max, String what) throws IOException {
    byte[] b = readFullyInto(four);
    int n = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    if (n < 0 || n > max) {
      throw malformed("a " + what + " is longer than " + max + " bytes");
    }
    return n;
  }

  private byte[] readFully(int length) throws IOException {
    return readFullyInto(new byte[length]);
  }

  private byte[] readFullyInto(byte[] b) throws IOException {
    int n = in.readNBytes(b, 0, b.length);
    if (n < b.length) {
      throw malformed("it ends inside a record");
    }
    return b;
  }

  private static InvalidCiphertextException malformed(String why) {
    return new InvalidCiphertextException("the archive's contents are malformed: " + why);
  }
}
