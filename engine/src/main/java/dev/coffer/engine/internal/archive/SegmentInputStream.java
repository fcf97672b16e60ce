package dev.coffer.engine.internal.archive;

import dev.coffer.engine.internal.crypto.SegmentedAead;
import dev.coffer.keystore.InvalidCiphertextException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The body of an archive being read: sealed segments in, plaintext out. Each segment is opened (and
 * so authenticated) whole before any of its bytes are returned. The last segment is the one the
 * file ends with, found by reading one byte ahead; opening it as the last is what proves that
 * nothing was cut off or appended. Memory: one sealed segment and its plaintext.
 */
public final class SegmentInputStream extends InputStream {
  private final InputStream in;
  private final SegmentedAead aead;
  private final byte[] sealed;
  private final long bodyOffset;
  private byte[] plain = new byte[0];
  private int pos;
  private long index;
  private boolean lastOpened;
  private int lookahead = -1;

  /**
   * @param bodyOffset where the body starts in the file, for error messages
   */
  public SegmentInputStream(InputStream in, SegmentedAead aead, int segmentSize, long bodyOffset) {
    this.in = in;
    this.aead = aead;
    this.sealed = new byte[segmentSize + SegmentedAead.TAG_LENGTH];
    this.bodyOffset = bodyOffset;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (pos == plain.length) {
      if (lastOpened) {
        return -1;
      }
      openNext();
    }
    int n = Math.min(len, plain.length - pos);
    System.arraycopy(plain, pos, b, off, n);
    pos += n;
    return n;
  }

  /** Whether the last segment has been opened and every byte of it read. */
  public boolean atEnd() {
    return lastOpened && pos == plain.length;
  }

  private void openNext() throws IOException {
    int n = 0;
    if (lookahead >= 0) {
      sealed[0] = (byte) lookahead;
      lookahead = -1;
      n = 1;
    }
    n += in.readNBytes(sealed, n, sealed.length - n);
    boolean last = n < sealed.length;
    if (!last) {
      int next = in.read();
      last = next < 0;
      lookahead = next;
    }
    long offset = bodyOffset + index * sealed.length;
    if (n < SegmentedAead.TAG_LENGTH) {
      throw new InvalidCiphertextException(
          index == 0
              ? "the archive is truncated: it ends before its first segment"
              : "the archive is truncated or damaged at byte " + offset);
    }
    byte[] segment = n == sealed.length ? sealed : Arrays.copyOf(sealed, n);
    try {
      plain = aead.open(index, last, segment);
    } catch (InvalidCiphertextException e) {
      throw diagnose(segment, last, offset);
    }
    pos = 0;
    index++;
    lastOpened = last;
  }

  /**
   * Says what went wrong where that is cheap to tell: a segment that opens as a middle one but ends
   * the file means the rest was cut off; one that opens as the last but has more after it means
   * bytes were appended. Anything else is damage in general.
   */
  private InvalidCiphertextException diagnose(byte[] segment, boolean last, long offset) {
    if (opens(segment, !last)) {
      return new InvalidCiphertextException(
          last
              ? "the archive is truncated: it ends after segment "
                  + index
                  + " (byte "
                  + (offset + segment.length)
                  + "), which is not its last"
              : "the archive has bytes appended after its end (byte "
                  + (offset + segment.length)
                  + ")");
    }
    return new InvalidCiphertextException(
        "the archive failed authentication at segment "
            + index
            + " (byte "
            + offset
            + "): it was altered, truncated, reordered, spliced from another archive or appended"
            + " to, or its header was changed");
  }

  private boolean opens(byte[] segment, boolean asLast) {
    try {
      Arrays.fill(aead.open(index, asLast, segment), (byte) 0);
      return true;
    } catch (InvalidCiphertextException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
