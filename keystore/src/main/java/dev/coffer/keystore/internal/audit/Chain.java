package dev.coffer.keystore.internal.audit;

import static dev.coffer.keystore.internal.audit.SegmentFormat.FRAME_OVERHEAD;
import static dev.coffer.keystore.internal.audit.SegmentFormat.FRAME_PREFIX;
import static dev.coffer.keystore.internal.audit.SegmentFormat.HASH_SIZE;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32C;

/**
 * The head of the hash chain and the frames that extend it. A frame's record is {@code
 * AuditLogRecord{sequence, previous_hash, event|digest}}, written here field by field around an
 * already encoded body; its hash is {@code SHA-256(previous hash ‖ record)}. Not thread-safe: the
 * log calls it under its write lock, reusing one buffer and one digest for every frame.
 */
final class Chain {
  /** Field numbers of AuditLogRecord's body: event and digest. */
  static final int EVENT_FIELD = 3;

  static final int DIGEST_FIELD = 4;

  private final MessageDigest sha256;
  private final CRC32C crc = new CRC32C();
  private long nextSequence;
  private final byte[] lastHash = new byte[HASH_SIZE];

  /** The frame most recently built, valid until the next build. */
  byte[] frame = new byte[4096];

  int frameLength;

  Chain(long nextSequence, byte[] lastHash) {
    this.nextSequence = nextSequence;
    System.arraycopy(lastHash, 0, this.lastHash, 0, HASH_SIZE);
    this.sha256 = newSha256();
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

  /** The hash of the last record (32 zero bytes before the first). */
  byte[] lastHash() {
    return lastHash.clone();
  }

  /** The size of the frame that {@link #build} would produce for a body of this length. */
  static int frameSize(long sequence, int bodyLength) {
    return FRAME_OVERHEAD + headerSize(sequence, bodyLength) + bodyLength;
  }

  private static int headerSize(long sequence, int bodyLength) {
    return 1 + varintSize(sequence) + 2 + HASH_SIZE + 1 + varintSize(bodyLength);
  }

  /**
   * Builds the frame of the next record into {@link #frame} without advancing the chain; {@link
   * #advance} does that once the frame is written.
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
    System.arraycopy(lastHash, 0, f, at, HASH_SIZE);
    at += HASH_SIZE;
    f[at++] = (byte) ((bodyField << 3) | 2);
    at = putVarint(f, at, bodyLength);
    System.arraycopy(body, 0, f, at, bodyLength);
    at += bodyLength;
    sha256.update(lastHash, 0, HASH_SIZE);
    sha256.update(f, FRAME_PREFIX, recordLength);
    try {
      sha256.digest(f, at, HASH_SIZE);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 output did not fit", e);
    }
    crc.reset();
    crc.update(f, FRAME_PREFIX, recordLength + HASH_SIZE);
    SegmentFormat.writeInt(f, 0, recordLength);
    SegmentFormat.writeInt(f, 4, (int) crc.getValue());
  }

  /** The hash of the frame just built. */
  void hashOfBuilt(byte[] into) {
    System.arraycopy(frame, frameLength - HASH_SIZE, into, 0, HASH_SIZE);
  }

  /** Makes the frame just built the head of the chain. */
  void advance() {
    System.arraycopy(frame, frameLength - HASH_SIZE, lastHash, 0, HASH_SIZE);
    nextSequence++;
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
