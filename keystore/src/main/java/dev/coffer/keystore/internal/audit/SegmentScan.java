package dev.coffer.keystore.internal.audit;

import static dev.coffer.keystore.internal.audit.SegmentFormat.HASH_SIZE;

import com.google.protobuf.CodedInputStream;
import dev.coffer.format.v1.AuditLogRecord;
import dev.coffer.keystore.internal.store.InterruptProofIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * One segment read into memory and split into frames: where each whole frame is, and how the data
 * ends (cleanly, in a torn write, or in damage). Parsing a frame's record is left to the caller,
 * which may only need a few of them.
 */
final class SegmentScan {
  final SegmentFiles.Segment segment;
  final byte[] data;
  final boolean headerOk;
  final FrameReader.Status end;
  final int endOffset;
  final String damage;
  private int[] frames = new int[256];
  private int[] lengths = new int[256];
  private int count;

  private SegmentScan(SegmentFiles.Segment segment, byte[] data) {
    this.segment = segment;
    this.data = data;
    this.headerOk = SegmentFormat.hasHeader(data, data.length);
    if (!headerOk) {
      this.end = FrameReader.Status.DAMAGED;
      this.endOffset = 0;
      this.damage = "the segment header is damaged";
      return;
    }
    FrameReader reader = new FrameReader(data, data.length);
    FrameReader.Status status;
    while ((status = reader.next()) == FrameReader.Status.FRAME) {
      if (count == frames.length) {
        frames = Arrays.copyOf(frames, count * 2);
        lengths = Arrays.copyOf(lengths, count * 2);
      }
      frames[count] = reader.frameStart();
      lengths[count] = reader.recordLength();
      count++;
    }
    this.end = status;
    this.endOffset = reader.frameStart();
    this.damage = reader.damage();
  }

  /** The scan of bytes already in memory: a segment as recovery will leave it. */
  static SegmentScan of(SegmentFiles.Segment segment, byte[] data) {
    return new SegmentScan(segment, data);
  }

  static SegmentScan read(SegmentFiles.Segment segment) throws IOException {
    return InterruptProofIo.call(() -> readOnce(segment));
  }

  private static SegmentScan readOnce(SegmentFiles.Segment segment) throws IOException {
    try (FileChannel ch = FileChannel.open(segment.path(), StandardOpenOption.READ)) {
      long size = Math.min(ch.size(), segment.readLimit());
      if (size > Integer.MAX_VALUE - 16) {
        throw new IOException("segment " + segment.name() + " is too large");
      }
      byte[] data = new byte[(int) size];
      ByteBuffer buf = ByteBuffer.wrap(data);
      while (buf.hasRemaining() && ch.read(buf, buf.position()) >= 0) {
        // positional reads until full; a file shortened meanwhile leaves zeros, read as its end
      }
      return new SegmentScan(segment, data);
    }
  }

  int count() {
    return count;
  }

  int frameOffset(int i) {
    return frames[i];
  }

  int recordOffset(int i) {
    return frames[i] + SegmentFormat.FRAME_PREFIX;
  }

  int recordLength(int i) {
    return lengths[i];
  }

  /** Where the data ends after the last whole frame. */
  int dataEnd() {
    return count == 0
        ? SegmentFormat.HEADER_SIZE
        : frames[count - 1] + SegmentFormat.FRAME_OVERHEAD + lengths[count - 1];
  }

  AuditLogRecord parse(int i) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(data, recordOffset(i), recordLength(i));
    AuditLogRecord record = AuditLogRecord.parseFrom(in);
    in.checkLastTagWas(0);
    return record;
  }

  /** The sequence number a frame's record starts with, or -1; cheap, for looking ahead. */
  long sequenceAt(int i) {
    try {
      return RecordHeader.read(this, i).sequence();
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Whether the data after the whole frames is frames written but not sealed, numbered on from
   * {@code firstSequence}, up to the end of the data or a torn last write: what a stopped process
   * leaves, and what opening the log seals.
   */
  boolean unsealedToTheEnd(long firstSequence) {
    if (end != FrameReader.Status.UNSEALED) {
      return false;
    }
    FrameReader reader = new FrameReader(data, data.length, endOffset);
    long expected = firstSequence;
    FrameReader.Status status;
    while ((status = reader.next()) == FrameReader.Status.UNSEALED) {
      if (sequenceOfFrame(data, reader.frameStart(), reader.recordLength()) != expected) {
        return false;
      }
      expected++;
      reader.skipUnsealed();
    }
    return status == FrameReader.Status.END || status == FrameReader.Status.TORN;
  }

  /** The sequence number a frame's record starts with, or -1. */
  static long sequenceOfFrame(byte[] data, int frameStart, int recordLength) {
    CodedInputStream in =
        CodedInputStream.newInstance(data, frameStart + SegmentFormat.FRAME_PREFIX, recordLength);
    try {
      return in.readTag() == 0x08 ? in.readUInt64() : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  byte[] storedHash(int i) {
    int at = recordOffset(i) + recordLength(i);
    return Arrays.copyOfRange(data, at, at + HASH_SIZE);
  }

  /** SHA-256 of {@code previous} and the frame's record bytes. */
  byte[] computeHash(int i, byte[] previous, MessageDigest sha256) {
    return Chain.hash(sha256, previous, data, recordOffset(i), recordLength(i));
  }
}
