package dev.coffer.engine.internal.ops;

import dev.coffer.engine.internal.crypto.SegmentedAead;
import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.engine.internal.store.EngineDb.Family;
import dev.coffer.engine.internal.store.Keys;
import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.InvalidCiphertextException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * An object's plaintext, decrypted one segment at a time from a consistent snapshot. Only the
 * segments that hold the requested bytes are read; each is authenticated (index, last-segment flag,
 * associated data) before any byte of it is returned, and its length must be what the record says.
 * Integrity failures surface as IOExceptions whose cause is the typed error. An object whose only
 * segment is kept in its record (format version 2) is read from there, not from a chunks row. A
 * segment that fails after the GetObject returned is recorded on the audit trail as well ({@link
 * EngineOperation#failedAfterReturning}); a segment kept in its record is opened before the
 * GetObject returns, so that a small object fails, and is recorded as failing, in the GetObject
 * itself.
 */
final class SegmentStream extends InputStream {
  private final EngineOperation op;
  private final EngineDb.ReadView view;
  private final byte[] versionId;
  private final byte[] inlineSegment;
  private final SegmentedAead aead;
  private final int segmentSize;
  private final int segmentCount;
  private final long objectSize;
  private long position;
  private final long end;
  private byte[] segment;
  private long segmentIndex = -1;
  private boolean closed;

  /** Why a segment could not be read after the GetObject returned: read again, it is rethrown. */
  private IOException failed;

  /**
   * @param inlineSegment the sealed segment 0 kept in the record, or null when segments are rows
   * @param first first byte to return
   * @param end one past the last byte to return
   */
  SegmentStream(
      EngineOperation op,
      EngineDb.ReadView view,
      byte[] versionId,
      byte[] inlineSegment,
      SegmentedAead aead,
      int segmentSize,
      int segmentCount,
      long objectSize,
      long first,
      long end) {
    this.op = op;
    this.view = view;
    this.versionId = versionId;
    this.inlineSegment = inlineSegment;
    this.aead = aead;
    this.segmentSize = segmentSize;
    this.segmentCount = segmentCount;
    this.objectSize = objectSize;
    this.position = first;
    this.end = end;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("object stream is closed");
    }
    if (failed != null) {
      // Recorded once already: a caller that tries again learns nothing new, and the trail gets
      // one failure per stream, not one per attempt.
      throw new IOException(failed.getMessage(), failed.getCause());
    }
    if (position >= end) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    long index = position / segmentSize;
    if (index != segmentIndex) {
      load(index);
    }
    int inSegment = (int) (position - index * segmentSize);
    int n = (int) Math.min(Math.min(len, segment.length - inSegment), end - position);
    System.arraycopy(segment, inSegment, b, off, n);
    position += n;
    return n;
  }

  @Override
  public long skip(long n) {
    long skipped = Math.max(0, Math.min(n, end - position));
    position += skipped;
    return skipped;
  }

  @Override
  public int available() {
    if (segment == null || position >= end) {
      return 0;
    }
    long inSegment = position - segmentIndex * segmentSize;
    return (int) Math.max(0, Math.min(segment.length - inSegment, end - position));
  }

  private void load(long index) throws IOException {
    try {
      openSegment(index);
    } catch (CofferException e) {
      CofferException reported = e;
      try {
        op.failedAfterReturning(e, index * segmentSize);
      } catch (AuditUnavailableException unavailable) {
        reported = unavailable;
      }
      failed = new IOException(reported.getMessage(), reported);
      throw failed;
    }
  }

  /**
   * Reads, authenticates and holds segment {@code index}.
   *
   * @throws CofferException if it is missing or fails authentication
   */
  void openSegment(long index) {
    if (segment != null) {
      Arrays.fill(segment, (byte) 0);
    }
    byte[] sealed =
        inlineSegment != null && index == 0
            ? inlineSegment
            : view.get(Family.CHUNKS, Keys.chunk(versionId, index));
    if (sealed == null) {
      throw new InvalidCiphertextException("segment " + index + " of the object is missing");
    }
    boolean last = index == segmentCount - 1;
    byte[] plain = aead.open(index, last, sealed);
    long expected = last ? objectSize - index * segmentSize : segmentSize;
    if (plain.length != expected) {
      Arrays.fill(plain, (byte) 0);
      throw new InvalidCiphertextException("segment " + index + " has the wrong length");
    }
    segment = plain;
    segmentIndex = index;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (segment != null) {
        Arrays.fill(segment, (byte) 0);
      }
      view.close();
    }
  }
}
