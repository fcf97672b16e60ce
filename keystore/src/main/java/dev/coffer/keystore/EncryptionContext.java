package dev.coffer.keystore;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Non-secret key-value pairs bound to a ciphertext as associated data: decrypting with any other
 * context fails. Immutable; entries iterate in canonical order.
 *
 * <p>Canonical encoding (what is authenticated): for each entry in ascending order of the key's
 * UTF-8 bytes (unsigned), a 4-byte big-endian length and the UTF-8 bytes of the key, then the same
 * for the value. The empty context encodes as no bytes. Because every field is length-prefixed, two
 * different contexts never encode alike, and insertion order never matters.
 *
 * <p>Limits: keys are non-empty; keys and values are valid Unicode (no unpaired surrogates); the
 * encoding is at most {@value #MAX_ENCODED_BYTES} bytes.
 */
public final class EncryptionContext {
  /** Upper bound on the canonical encoding, as KMS bounds the context size. */
  public static final int MAX_ENCODED_BYTES = 8192;

  private static final EncryptionContext EMPTY = new EncryptionContext(Map.of(), new byte[0]);
  private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

  private final Map<String, String> entries;
  private final byte[] canonical;

  private EncryptionContext(Map<String, String> entries, byte[] canonical) {
    this.entries = entries;
    this.canonical = canonical;
  }

  public static EncryptionContext empty() {
    return EMPTY;
  }

  /**
   * Builds a context from a map.
   *
   * @throws InvalidArgumentException if a key is empty, a string is not valid Unicode, or the
   *     encoding is too large
   */
  public static EncryptionContext of(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return EMPTY;
    }
    TreeMap<byte[], byte[][]> sorted = new TreeMap<>(UNSIGNED);
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new InvalidArgumentException("encryption context keys and values must not be null");
      }
      if (e.getKey().isEmpty()) {
        throw new InvalidArgumentException("encryption context keys must not be empty");
      }
      byte[] key = utf8(e.getKey(), "key");
      sorted.put(key, new byte[][] {key, utf8(e.getValue(), "value for key " + e.getKey())});
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LinkedHashMap<String, String> ordered = new LinkedHashMap<>();
    for (byte[][] kv : sorted.values()) {
      writeField(out, kv[0]);
      writeField(out, kv[1]);
      if (out.size() > MAX_ENCODED_BYTES) {
        throw new InvalidArgumentException(
            "encryption context is larger than " + MAX_ENCODED_BYTES + " bytes");
      }
      ordered.put(
          new String(kv[0], StandardCharsets.UTF_8), new String(kv[1], StandardCharsets.UTF_8));
    }
    return new EncryptionContext(Collections.unmodifiableMap(ordered), out.toByteArray());
  }

  /** A context of one pair. */
  public static EncryptionContext of(String key, String value) {
    return of(Map.of(key, value));
  }

  /** This context with one more (or a replaced) pair. */
  public EncryptionContext with(String key, String value) {
    LinkedHashMap<String, String> copy = new LinkedHashMap<>(entries);
    copy.put(key, value);
    return of(copy);
  }

  /** The pairs, in canonical order. */
  public Map<String, String> asMap() {
    return entries;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The canonical encoding described in the class documentation. */
  public byte[] canonicalBytes() {
    return canonical.clone();
  }

  /** Appends the canonical encoding to {@code out} without copying it first. */
  public void writeCanonicalTo(ByteBuffer out) {
    out.put(canonical);
  }

  /** Length of the canonical encoding. */
  public int canonicalLength() {
    return canonical.length;
  }

  private static void writeField(ByteArrayOutputStream out, byte[] field) {
    out.write(field.length >>> 24);
    out.write(field.length >>> 16);
    out.write(field.length >>> 8);
    out.write(field.length);
    out.writeBytes(field);
  }

  private static byte[] utf8(String s, String what) {
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      ByteBuffer buf = encoder.encode(CharBuffer.wrap(s));
      byte[] bytes = new byte[buf.remaining()];
      buf.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      throw new InvalidArgumentException("encryption context " + what + " is not valid Unicode");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptionContext c && Arrays.equals(c.canonical, canonical);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(canonical);
  }

  @Override
  public String toString() {
    return entries.toString();
  }
}
