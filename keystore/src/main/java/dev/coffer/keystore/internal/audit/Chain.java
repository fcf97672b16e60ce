package dev.coffer.keystore.internal.audit;

import static dev.coffer.keystore.internal.audit.SegmentFormat.FRAME_OVERHEAD;
import static dev.coffer.keystore.internal.audit.SegmentFormat.FRAME_PREFIX;
import static dev.coffer.keystore.internal.audit.SegmentFormat.HASH_SIZE;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.zip.CRC32C;

/**
 * The frames of the hash chain. A frame's record is {@code AuditLogRecord{sequence, previous_hash,
 * event|digest}}, written here field by field around an already encoded body; its hash is {@code
 * SHA-256(previous hash ‖ record)}.
 *
 * <p>Building and sealing are two steps, so that the appending thread does not pay for the hash:
 * {@link #build} lays out an <em>unsealed</em> frame, whose previous hash and hash are zeros and
 * whose CRC is computed over it as it stands; {@link #sealFrame} later writes the previous hash,
 * the hash and, last, the CRC of the finished record. A frame whose hash is zeros, or whose CRC
 * holds only with those two fields zeroed, is therefore one that was written but not yet sealed (or
 * sealed half-way when the process died), and can be sealed from the record before it. Not
 * thread-safe: the log calls {@link #build} under its write lock, reusing one buffer for every
 * frame.
 */
final class Chain {
  /** Field numbers of AuditLogRecord's body: event and digest. */
  static final int EVENT_FIELD = 3;

  static final int DIGEST_FIELD = 4;

  private final CRC32C crc = new CRC32C();
  private long nextSequence;

  /** The frame most recently built, valid until the next build. */
  byte[] frame = new byte[4096];

  int frameLength;

  Chain(long nextSequence) {
    this.nextSequence = nextSequence;
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  long nextSequence() {
    return nextSequence;
  }

  /** The size of the frame that {@link #build} would produce for a body of this length. */
  static int frameSize(long sequence, int bodyLength) {
    return FRAME_OVERHEAD + headerSize(sequence, bodyLength) + bodyLength;
  }

  private static int headerSize(long sequence, int bodyLength) {
    return 1 + varintSize(sequence) + 2 + HASH_SIZE + 1 + varintSize(bodyLength);
  }

  /** Where the previous hash sits in the frame of the record with this sequence number. */
  static int previousHashOffset(long sequence) {
    return FRAME_PREFIX + 1 + varintSize(sequence) + 2;
  }

  /**
   * Builds the unsealed frame of the next record into {@link #frame} without advancing the
   * sequence; {@link #advance} does that once the frame is written.
   */
  void build(int bodyField, byte[] body, int bodyLength) {
    long sequence = nextSequence;
    int recordLength = headerSize(sequence, bodyLength) + bodyLength;
    frameLength = FRAME_OVERHEAD + recordLength;
    if (frame.length < frameLength) {
      frame = new byte[Math.max(frameLength, frame.length * 2)];
    }
    byte[] f = frame;
    int at = FRAME_PREFIX;
    f[at++] = 0x08;
    at = putVarint(f, at, sequence);
    f[at++] = 0x12;
    f[at++] = HASH_SIZE;
    Arrays.fill(f, at, at + HASH_SIZE, (byte) 0);
    at += HASH_SIZE;
    f[at++] = (byte) ((bodyField << 3) | 2);
    at = putVarint(f, at, bodyLength);
    System.arraycopy(body, 0, f, at, bodyLength);
    at += bodyLength;
    Arrays.fill(f, at, at + HASH_SIZE, (byte) 0);
    crc.reset();
    crc.update(f, FRAME_PREFIX, recordLength + HASH_SIZE);
    SegmentFormat.writeInt(f, 0, recordLength);
    SegmentFormat.writeInt(f, 4, (int) crc.getValue());
  }

  /**
   * Seals the frame just built, as the log's sealer would, and returns its hash: for recovery and
   * tests, which write frames outside a running log.
   */
  byte[] seal(byte[] previous) {
    byte[] hash = new byte[HASH_SIZE];
    sealFrame(
        frame,
        0,
        frameLength - FRAME_OVERHEAD,
        nextSequence,
        previous,
        newSha256(),
        new CRC32C(),
        hash);
    return hash;
  }

  void advance() {
    nextSequence++;
  }

  /**
   * Seals the frame at {@code f[start]} in place: writes {@code previous} into the record, the
   * record's hash after it, then the CRC of both; the hash also goes to {@code hashOut}.
   */
  static void sealFrame(
      byte[] f,
      int start,
      int recordLength,
      long sequence,
      byte[] previous,
      MessageDigest sha256,
      CRC32C crc,
      byte[] hashOut) {
    System.arraycopy(previous, 0, f, start + previousHashOffset(sequence), HASH_SIZE);
    int record = start + FRAME_PREFIX;
    sha256.update(previous, 0, HASH_SIZE);
    sha256.update(f, record, recordLength);
    try {
      sha256.digest(f, record + recordLength, HASH_SIZE);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 output did not fit", e);
    }
    System.arraycopy(f, record + recordLength, hashOut, 0, HASH_SIZE);
    crc.reset();
    crc.update(f, record, recordLength + HASH_SIZE);
    SegmentFormat.writeInt(f, start + 4, (int) crc.getValue());
  }

  /**
   * Whether the frame at {@code f[start]} with a record of {@code recordLength} bytes, whose CRC
   * does not hold, is one being sealed: its CRC holds once its previous hash and hash are taken as
   * zeros, or is part-way from that CRC to the one of the record as it stands, the sealer having
   * been stopped while storing it (it stores both hashes first).
   */
  static boolean unsealed(byte[] f, int start, int recordLength, CRC32C crc) {
    OptionalInt unsealedCrc = unsealedChecksum(f, start, recordLength, crc);
    if (unsealedCrc.isEmpty()) {
      return false;
    }
    int stored = SegmentFormat.readInt(f, start + 4);
    if (stored == unsealedCrc.getAsInt()) {
      return true;
    }
    crc.reset();
    crc.update(f, start + FRAME_PREFIX, recordLength + HASH_SIZE);
    return SegmentFormat.partlyWritten(stored, unsealedCrc.getAsInt(), (int) crc.getValue());
  }

  /**
   * The CRC the frame at {@code f[start]} had before it was sealed (its previous hash and hash
   * taken as zeros), or empty if its record does not start as the writer lays records out.
   */
  static OptionalInt unsealedChecksum(byte[] f, int start, int recordLength, CRC32C crc) {
    int record = start + FRAME_PREFIX;
    int i = record;
    if (recordLength < 3 + HASH_SIZE || f[i++] != 0x08) {
      return OptionalInt.empty();
    }
    int varintEnd = Math.min(record + 11, record + recordLength);
    while (i < varintEnd && (f[i] & 0x80) != 0) {
      i++;
    }
    i++;
    if (i + 2 + HASH_SIZE > record + recordLength || f[i] != 0x12 || f[i + 1] != HASH_SIZE) {
      return OptionalInt.empty();
    }
    int previous = i + 2;
    int hash = record + recordLength;
    crc.reset();
    crc.update(f, record, previous - record);
    crc.update(SegmentFormat.ZERO_HASH, 0, HASH_SIZE);
    crc.update(f, previous + HASH_SIZE, hash - previous - HASH_SIZE);
    crc.update(SegmentFormat.ZERO_HASH, 0, HASH_SIZE);
    return OptionalInt.of((int) crc.getValue());
  }

  /** Hash of a stored record given its predecessor's hash, for readers. */
  static byte[] hash(MessageDigest sha256, byte[] previous, byte[] data, int offset, int length) {
    sha256.reset();
    sha256.update(previous, 0, HASH_SIZE);
    sha256.update(data, offset, length);
    return sha256.digest();
  }

  static int varintSize(long v) {
    int n = 1;
    while ((v & ~0x7fL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  private static int putVarint(byte[] b, int at, long v) {
    while ((v & ~0x7fL) != 0) {
      b[at++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    b[at++] = (byte) v;
    return at;
  }
}
