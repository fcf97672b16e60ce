package dev.coffer.engine.internal.archive;

import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.InvalidArgumentException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Constants and limits of archive format version 1; the byte layout is documented in {@code
 * coffer/format/v1/archive.proto} and {@link dev.coffer.engine.archive.ArchiveWriter}.
 */
public final class ArchiveFormat {
  public static final int VERSION = 1;

  /** PNG-style: a high byte and CR LF, so that text-mode transfers are caught at once. */
  static final byte[] MAGIC = {(byte) 0x89, 'C', 'F', 'A', 'R', 'C', 0x0D, 0x0A};

  /** Magic, version and header length. */
  static final int PREFIX_LENGTH = MAGIC.length + 4 + 4;

  /** Bounds what a reader allocates before anything is authenticated. */
  static final int MAX_HEADER_LENGTH = 256 * 1024;

  static final int MAX_RECIPIENTS = 32;

  static final byte ENTRY_RECORD = 0x01;
  static final byte END_RECORD = 0x02;
  static final int MAX_RECORD_LENGTH = 64 * 1024;
  static final int MAX_CHUNK = 1024 * 1024;

  /** Entry paths: at most this many bytes of UTF-8, and segments of at most 255 bytes. */
  static final int MAX_PATH_BYTES = 4096;

  static final int MAX_SEGMENT_NAME_BYTES = 255;

  /**
   * Ciphertext bytes per segment unless chosen: Tink's 4 KiB class. Every AES-GCM call then covers
   * 4 KiB, the size JDK 17 handles fast from a cold start (see {@code bench/RESULTS.md}).
   */
  public static final int DEFAULT_SEGMENT_SIZE = 4 * 1024;

  public static final int MIN_SEGMENT_SIZE = 4 * 1024;
  public static final int MAX_SEGMENT_SIZE = 1024 * 1024;

  /** The pair Coffer adds to every archive's context, naming the purpose and format version. */
  public static final String PURPOSE_KEY = "coffer:archive";

  public static final String PURPOSE_VALUE = Integer.toString(VERSION);

  /** Context keys with this prefix are Coffer's own. */
  public static final String RESERVED_PREFIX = "coffer:";

  private ArchiveFormat() {}

  /** Whether {@code bytes} is a segment size this format allows: a power of two, 4 KiB to 1 MiB. */
  public static boolean validSegmentSize(long bytes) {
    return bytes >= MIN_SEGMENT_SIZE && bytes <= MAX_SEGMENT_SIZE && Long.bitCount(bytes) == 1;
  }

  /**
   * The context the data key is wrapped with: the caller's pairs and the purpose pair.
   *
   * @throws InvalidArgumentException if the caller's pairs use the reserved prefix
   */
  public static EncryptionContext wrappingContext(EncryptionContext callerPairs) {
    for (String key : callerPairs.asMap().keySet()) {
      if (key.startsWith(RESERVED_PREFIX)) {
        throw new InvalidArgumentException(
            "encryption context keys starting with " + RESERVED_PREFIX + " are reserved: " + key);
      }
    }
    return callerPairs.with(PURPOSE_KEY, PURPOSE_VALUE);
  }

  /** The caller's pairs of a wrapping context. */
  public static EncryptionContext callerPairs(EncryptionContext wrapping) {
    Map<String, String> pairs = new LinkedHashMap<>(wrapping.asMap());
    pairs.keySet().removeIf(k -> k.startsWith(RESERVED_PREFIX));
    return EncryptionContext.of(pairs);
  }
}
