package dev.coffer.engine.internal.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Holds up to one segment of plaintext read from a stream. It starts at the size the stream says it
 * has ({@link InputStream#available}, exact for the arrays most small objects come from, one byte
 * more so that the end is seen without growing) or else small, and grows only while the data keeps
 * coming: a 4 KiB object costs a 4 KiB buffer, not a whole segment.
 */
final class SegmentBuffer {
  private static final int INITIAL = 16 * 1024;

  private final int segmentSize;
  private byte[] bytes;
  private int length;

  SegmentBuffer(int segmentSize, InputStream source) {
    this.segmentSize = segmentSize;
    this.bytes = new byte[(int) Math.min(segmentSize, initialSize(source))];
  }

  private static long initialSize(InputStream source) {
    try {
      int available = source.available();
      return available > 0 ? available + 1L : INITIAL;
    } catch (IOException e) {
      return INITIAL; // the read that follows reports what is wrong with the stream
    }
  }

  /** Reads until the segment is full or the stream ends; returns the bytes read. */
  int fill(InputStream in) {
    length = 0;
    try {
      while (length < segmentSize) {
        if (length == bytes.length) {
          // At least the usual start: a stream that says too little (an inflater says 1) costs
          // one more copy, not a doubling from a few bytes.
          bytes = Arrays.copyOf(bytes, Math.min(segmentSize, Math.max(INITIAL, bytes.length * 2)));
        }
        int r = in.read(bytes, length, bytes.length - length);
        if (r < 0) {
          break;
        }
        length += r;
      }
      return length;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the object's data failed: " + e.getMessage(), e);
    }
  }

  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }

  boolean full() {
    return length == segmentSize;
  }

  /** Plaintext should not outlive its use. */
  void wipe() {
    Arrays.fill(bytes, 0, Math.max(length, 0), (byte) 0);
  }
}
