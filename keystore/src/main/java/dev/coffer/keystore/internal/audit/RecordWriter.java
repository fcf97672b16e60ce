package dev.coffer.keystore.internal.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal protobuf writer into a growing byte array, in one pass: a length-delimited field
 * reserves one byte for its length and moves its content if the length turns out to need more.
 * Written for the audit record's hot path, where protobuf-java's sizing pass and per-string copies
 * cost more than the rest of the append.
 */
final class RecordWriter {
  private static final int WIRE_VARINT = 0;
  private static final int WIRE_FIXED64 = 1;
  private static final int WIRE_LENGTH_DELIMITED = 2;

  /** Strings longer than this are encoded by the JDK's (vectorized) UTF-8 encoder. */
  private static final int SHORT_STRING = 24;

  /** Longer strings are not worth caching. */
  private static final int CACHED_STRING = 256;

  /**
   * The UTF-8 of recently written strings, by identity: the same string objects (event names,
   * principals, context keys, parameter names) recur in record after record. Direct-mapped, so a
   * lookup is an identity hash and one comparison.
   */
  private final String[] cachedStrings = new String[128];

  private final byte[][] cachedUtf8 = new byte[128][];

  /** Short strings' chars, copied out at once rather than read one charAt at a time. */
  private final char[] chars = new char[SHORT_STRING];

  byte[] buf = new byte[1024];
  int pos;

  void reset() {
    pos = 0;
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(pos + more, buf.length * 2));
    }
  }

  private void tag(int field, int wireType) {
    varint((field << 3) | wireType);
  }

  void varint(long value) {
    ensure(10);
    long v = value;
    while ((v & ~0x7fL) != 0) {
      buf[pos++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
  }

  /** A uint32, uint64, int64, bool or enum field; left out when zero, as proto3 does. */
  void varintField(int field, long value) {
    if (value != 0) {
      tag(field, WIRE_VARINT);
      varint(value);
    }
  }

  /** Two fixed64 halves as one 16-byte bytes field (a UUID, big-endian). */
  void uuidField(int field, long high, long low) {
    tag(field, WIRE_LENGTH_DELIMITED);
    ensure(17);
    buf[pos++] = 16;
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[pos++] = (byte) (high >>> shift);
    }
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[pos++] = (byte) (low >>> shift);
    }
  }

  /** A string field; left out when empty, as proto3 does. */
  void stringField(int field, String value) {
    if (!value.isEmpty()) {
      tag(field, WIRE_LENGTH_DELIMITED);
      string(value);
    }
  }

  /** A string field written even when empty: map entries always carry key and value. */
  void stringAlways(int field, String value) {
    tag(field, WIRE_LENGTH_DELIMITED);
    string(value);
  }

  /** Starts a length-delimited field; returns the mark {@link #end} needs. */
  int begin(int field) {
    tag(field, WIRE_LENGTH_DELIMITED);
    ensure(1);
    return pos++;
  }

  /** Ends the field begun at {@code mark}, writing its length before its content. */
  void end(int mark) {
    int length = pos - mark - 1;
    int size = varintSize(length);
    if (size > 1) {
      ensure(size - 1);
      System.arraycopy(buf, mark + 1, buf, mark + size, length);
    }
    int at = mark;
    int v = length;
    while ((v & ~0x7f) != 0) {
      buf[at++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[at] = (byte) v;
    pos = mark + size + length;
  }

  private void string(String s) {
    int n = s.length();
    if (n > SHORT_STRING) {
      byte[] utf8 = null;
      int slot = 0;
      if (n <= CACHED_STRING) {
        slot = System.identityHashCode(s) & (cachedStrings.length - 1);
        if (cachedStrings[slot] == s) {
          utf8 = cachedUtf8[slot];
        }
      }
      if (utf8 == null) {
        utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (n <= CACHED_STRING) {
          cachedStrings[slot] = s;
          cachedUtf8[slot] = utf8;
        }
      }
      varint(utf8.length);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, buf, pos, utf8.length);
      pos += utf8.length;
      return;
    }
    // At most 3 bytes per char, so the length fits one byte and the content is written in place.
    ensure(1 + 3 * n);
    char[] c = chars;
    s.getChars(0, n, c, 0);
    byte[] b = buf;
    int mark = pos;
    int p = mark + 1;
    int i = 0;
    while (i < n && c[i] < 0x80) {
      b[p++] = (byte) c[i++];
    }
    if (i < n) {
      p = nonAscii(c, i, n, b, p);
    }
    b[mark] = (byte) (p - mark - 1);
    pos = p;
  }

  /** UTF-8 of {@code c[i..n)} into {@code b} from {@code p}, as String.getBytes writes it. */
  private static int nonAscii(char[] c, int from, int n, byte[] b, int p) {
    for (int i = from; i < n; i++) {
      char ch = c[i];
      if (ch < 0x80) {
        b[p++] = (byte) ch;
      } else if (ch < 0x800) {
        b[p++] = (byte) (0xc0 | (ch >>> 6));
        b[p++] = (byte) (0x80 | (ch & 0x3f));
      } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(c[i + 1])) {
        int cp = Character.toCodePoint(ch, c[++i]);
        b[p++] = (byte) (0xf0 | (cp >>> 18));
        b[p++] = (byte) (0x80 | ((cp >>> 12) & 0x3f));
        b[p++] = (byte) (0x80 | ((cp >>> 6) & 0x3f));
        b[p++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(ch)) {
        b[p++] = '?'; // an unpaired surrogate, replaced as String.getBytes does
      } else {
        b[p++] = (byte) (0xe0 | (ch >>> 12));
        b[p++] = (byte) (0x80 | ((ch >>> 6) & 0x3f));
        b[p++] = (byte) (0x80 | (ch & 0x3f));
      }
    }
    return p;
  }

  static int varintSize(long v) {
    return Chain.varintSize(v);
  }
}
