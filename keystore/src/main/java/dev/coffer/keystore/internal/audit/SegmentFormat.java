package dev.coffer.keystore.internal.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The byte layout of segment files, as documented in {@code coffer/format/v1/audit.proto}: a
 * 16-byte header, then frames of {@code length ‖ crc32c ‖ record ‖ hash}.
 */
final class SegmentFormat {
  static final byte[] MAGIC = "COFFERAL".getBytes(StandardCharsets.US_ASCII);
  static final int FORMAT_VERSION = 1;
  static final int HEADER_SIZE = 16;

  /** Length and CRC before the record. */
  static final int FRAME_PREFIX = 8;

  static final int HASH_SIZE = 32;
  static final int FRAME_OVERHEAD = FRAME_PREFIX + HASH_SIZE;
  static final int MAX_RECORD = 1 << 20;

  /** The previous hash of record 1. */
  static final byte[] ZERO_HASH = new byte[HASH_SIZE];

  /** Domain separation for digest signatures. */
  static final byte[] DIGEST_LABEL = "coffer/v1/audit-digest".getBytes(StandardCharsets.US_ASCII);

  private static final Pattern NAME = Pattern.compile("audit-(\\d{20})\\.log");

  private SegmentFormat() {}

  static byte[] header() {
    byte[] h = new byte[HEADER_SIZE];
    System.arraycopy(MAGIC, 0, h, 0, MAGIC.length);
    h[11] = FORMAT_VERSION;
    return h;
  }

  /** Whether {@code bytes} start with a version 1 segment header. */
  static boolean hasHeader(byte[] bytes, int length) {
    if (length < HEADER_SIZE) {
      return false;
    }
    byte[] expected = header();
    for (int i = 0; i < HEADER_SIZE; i++) {
      if (bytes[i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  static String fileName(long firstSequence) {
    return String.format("audit-%020d.log", firstSequence);
  }

  /** The first sequence number a segment file's name gives, if it is a segment's name. */
  static Optional<Long> firstSequence(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
  }

  static int readInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  /**
   * Whether a 4-byte field holding {@code stored} can be a write of {@code after} over {@code
   * before} that stopped part-way: every byte is one or the other. A process killed in the middle
   * of such a store leaves this, since Java does not promise to store an int at an odd offset in
   * one instruction (the interpreter writes it byte by byte).
   */
  static boolean partlyWritten(int stored, int before, int after) {
    for (int shift = 0; shift < 32; shift += 8) {
      int b = (stored >>> shift) & 0xff;
      if (b != ((before >>> shift) & 0xff) && b != ((after >>> shift) & 0xff)) {
        return false;
      }
    }
    return true;
  }

  static void writeInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
