package dev.coffer.keystore.internal.audit;

import static dev.coffer.keystore.internal.audit.SegmentFormat.FRAME_OVERHEAD;
import static dev.coffer.keystore.internal.audit.SegmentFormat.FRAME_PREFIX;
import static dev.coffer.keystore.internal.audit.SegmentFormat.HASH_SIZE;
import static dev.coffer.keystore.internal.audit.SegmentFormat.HEADER_SIZE;
import static dev.coffer.keystore.internal.audit.SegmentFormat.MAX_RECORD;

import java.util.zip.CRC32C;

/**
 * Walks the frames of one segment's bytes and classifies what it finds, without judging the chain.
 * A frame that fails its checksum is a {@link Status#TORN} write only when it can be one: nothing
 * but zeros after it, and incomplete in the way an interrupted write leaves a frame (length not yet
 * or only partly written, file ending inside it, or hash never written). Everything else that fails
 * is {@link Status#DAMAGED}: an edit, never silently skipped.
 */
final class FrameReader {
  enum Status {
    /** A frame whose checksum holds; see {@link #recordOffset} and {@link #recordLength}. */
    FRAME,
    /** No more data: the limit, or only zeros to it. */
    END,
    /** An interrupted last write. */
    TORN,
    /**
     * A whole frame written but not yet sealed ({@link Chain}): its hash is zeros, or its CRC holds
     * only with its previous hash and hash taken as zeros or was being replaced (a sealing
     * interrupted). Reading does not move past it.
     */
    UNSEALED,
    /** A frame that fails its checksum and cannot be a torn write. */
    DAMAGED
  }

  private final byte[] data;
  private final int limit;
  private final int lastNonZero;
  private final CRC32C crc = new CRC32C();
  private int position;
  private int frameStart;
  private int recordLength;
  private String damage = "";

  FrameReader(byte[] data, int limit) {
    this(data, limit, HEADER_SIZE);
  }

  /** Reads frames from {@code start}, the offset of a frame. */
  FrameReader(byte[] data, int limit, int start) {
    this.data = data;
    this.limit = limit;
    this.position = start;
    int last = limit - 1;
    while (last >= HEADER_SIZE && data[last] == 0) {
      last--;
    }
    this.lastNonZero = last;
  }

  /** Offset of the frame last returned (or of the torn or damaged one). */
  int frameStart() {
    return frameStart;
  }

  int recordOffset() {
    return frameStart + FRAME_PREFIX;
  }

  int recordLength() {
    return recordLength;
  }

  int hashOffset() {
    return recordOffset() + recordLength;
  }

  /** Where the data ends after the last whole frame. */
  int position() {
    return position;
  }

  /** Moves past the frame just read as {@link Status#UNSEALED}, which {@link #next} does not. */
  void skipUnsealed() {
    position = frameStart + FRAME_OVERHEAD + recordLength;
  }

  /** Why the last frame was damaged. */
  String damage() {
    return damage;
  }

  Status next() {
    frameStart = position;
    int p = position;
    if (p > lastNonZero) {
      return Status.END;
    }
    if (p + FRAME_PREFIX > limit) {
      return Status.TORN;
    }
    int declared = SegmentFormat.readInt(data, p);
    boolean sane = declared > 0 && declared <= MAX_RECORD;
    int end = p + FRAME_OVERHEAD + declared;
    if (sane && end <= limit && checksumHolds(p, declared)) {
      recordLength = declared;
      if (hashNeverWritten(end)) {
        damage = "it was written but never sealed";
        return Status.UNSEALED;
      }
      position = end;
      return Status.FRAME;
    }
    if (sane && end <= limit && Chain.unsealed(data, p, declared, crc)) {
      recordLength = declared;
      damage = "it was written but its sealing did not finish";
      return Status.UNSEALED;
    }
    int inferred = inferRecordLength(p + FRAME_PREFIX);
    if (inferred > 0 && inferred != declared && p + FRAME_OVERHEAD + inferred <= limit) {
      if (checksumHolds(p, inferred)) {
        recordLength = inferred;
        int inferredEnd = p + FRAME_OVERHEAD + inferred;
        if (lastNonZero < inferredEnd
            && (declared == 0
                || (SegmentFormat.partlyWritten(declared, 0, inferred)
                    && hashNeverWritten(inferredEnd)))) {
          // A whole last record without its length: the writer stores the length last, so this
          // is a crash at that instant (or a zeroed length, which looks the same). Part of a
          // length only on a frame not yet sealed, since sealing waits for the length.
          return Status.TORN;
        }
        damage = "its length field was altered";
        return Status.DAMAGED;
      }
    }
    long extent = p + FRAME_OVERHEAD + (long) Math.max(sane ? declared : 0, Math.max(inferred, 0));
    if (!sane && inferred <= 0) {
      extent = p + (long) FRAME_OVERHEAD + MAX_RECORD;
    }
    recordLength = sane ? declared : Math.max(inferred, 0);
    if (lastNonZero >= extent) {
      damage = "it does not match its checksum";
      return Status.DAMAGED;
    }
    if (declared == 0 || (sane && end > limit) || (sane && hashNeverWritten(end))) {
      return Status.TORN;
    }
    damage = sane ? "it does not match its checksum" : "its length field is invalid";
    return Status.DAMAGED;
  }

  private boolean checksumHolds(int p, int length) {
    crc.reset();
    crc.update(data, p + FRAME_PREFIX, length + HASH_SIZE);
    return (int) crc.getValue() == SegmentFormat.readInt(data, p + 4);
  }

  private boolean hashNeverWritten(int frameEnd) {
    for (int i = frameEnd - HASH_SIZE; i < frameEnd; i++) {
      if (data[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The record length implied by the record's own first fields, which the writer always lays out as
   * sequence, previous hash, then one length-delimited body; -1 if they do not parse.
   */
  private int inferRecordLength(int at) {
    int end = Math.min(limit, at + 64);
    int i = at;
    if (i >= end || data[i++] != 0x08) {
      return -1;
    }
    while (i < end && (data[i] & 0x80) != 0) {
      i++;
    }
    i++;
    if (i + 2 + HASH_SIZE + 1 >= end || data[i] != 0x12 || data[i + 1] != HASH_SIZE) {
      return -1;
    }
    i += 2 + HASH_SIZE;
    int tag = data[i++];
    if (tag != ((Chain.EVENT_FIELD << 3) | 2) && tag != ((Chain.DIGEST_FIELD << 3) | 2)) {
      return -1;
    }
    long body = 0;
    for (int shift = 0; i < end && shift < 35; shift += 7) {
      byte b = data[i++];
      body |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        long total = (i - at) + body;
        return total > 0 && total <= MAX_RECORD ? (int) total : -1;
      }
    }
    return -1;
  }
}
