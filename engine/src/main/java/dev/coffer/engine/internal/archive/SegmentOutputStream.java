package dev.coffer.engine.internal.archive;

import dev.coffer.engine.internal.crypto.SegmentedAead;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The body of an archive being written: plaintext in, sealed segments out. A full segment is held
 * back until more plaintext arrives, because only then is it known not to be the last; so memory is
 * one segment of plaintext plus the sealed copy being written. Only {@link #finish} seals the last
 * segment: a stream closed without it (the writer failed) is a truncated archive no reader accepts.
 */
public final class SegmentOutputStream extends OutputStream {
  private final OutputStream out;
  private final SegmentedAead aead;
  private final byte[] buffer;
  private int filled;
  private long index;
  private boolean finished;

  public SegmentOutputStream(OutputStream out, SegmentedAead aead, int segmentSize) {
    this.out = out;
    this.aead = aead;
    this.buffer = new byte[segmentSize];
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IOException("the archive body is already finished");
    }
    while (len > 0) {
      if (filled == buffer.length) {
        seal(false);
      }
      int n = Math.min(len, buffer.length - filled);
      System.arraycopy(b, off, buffer, filled, n);
      filled += n;
      off += n;
      len -= n;
    }
  }

  /** Seals what is buffered as the last segment and flushes; the body is complete. */
  public void finish() throws IOException {
    if (!finished) {
      seal(true);
      finished = true;
      Arrays.fill(buffer, (byte) 0);
      out.flush();
    }
  }

  /** Segments written so far. */
  public long segments() {
    return index;
  }

  private void seal(boolean last) throws IOException {
    out.write(aead.seal(index, last, buffer, 0, filled));
    index++;
    filled = 0;
  }

  /** Closes the output; without {@link #finish} first, what was written is not a valid archive. */
  @Override
  public void close() throws IOException {
    Arrays.fill(buffer, (byte) 0);
    out.close();
  }
}
