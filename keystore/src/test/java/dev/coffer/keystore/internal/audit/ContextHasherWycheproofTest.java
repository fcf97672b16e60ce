package dev.coffer.keystore.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.coffer.keystore.testing.Wycheproof;
import dev.coffer.keystore.testing.Wycheproof.Result;
import dev.coffer.keystore.testing.Wycheproof.Vector;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers for {@link ContextHasher}: {@code hmac-sha256:} followed by the lowercase hex of
 * HMAC-SHA256 over the value's UTF-8 bytes, under the log's key. An auditor recomputes exactly that
 * to search the log for a value, so every byte of it is part of the format.
 *
 * <p>The vectors are Wycheproof's {@code hmac_sha256_test.json}, trimmed to full-length tags and to
 * messages that are UTF-8 (a context value is a string; see {@code /wycheproof/README.md}).
 * ContextHasher computes, it never verifies: for an "invalid" vector (a modified tag) the behaviour
 * that matters is that the hash is not that tag.
 */
class ContextHasherWycheproofTest {
  private static final List<Vector> VECTORS = Wycheproof.load("hmac_sha256_test.json");

  static Stream<Vector> vectors() {
    return VECTORS.stream();
  }

  /** The string whose UTF-8 bytes are exactly {@code bytes}, or a failed test if there is none. */
  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return fail(
          "the vector file should hold only UTF-8 messages: " + HexFormat.of().formatHex(bytes));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void hash_ofEveryWycheproofVector_matchesItsResult(Vector v) {
    ContextHasher hasher = new ContextHasher(Set.of("email"), v.bytes("key"));
    String value = utf8(v.bytes("msg"));
    String expected = ContextHasher.PREFIX + HexFormat.of().formatHex(v.bytes("tag"));
    String first = hasher.hash(value);
    // The Mac is kept per thread and reused: a second hash must start from a clean state.
    assertThat(hasher.hash(value)).isEqualTo(first);
    switch (v.result()) {
      case VALID -> assertThat(first).isEqualTo(expected);
      case INVALID -> assertThat(first).isNotEqualTo(expected);
      case ACCEPTABLE -> fail("no decision yet for an acceptable HMAC vector: " + v);
    }
  }

  @Test
  void hash_ofRfc4231TestCase2_isItsPublishedHmac() {
    // RFC 4231 section 4.3: an ASCII value, as most context values are.
    ContextHasher hasher =
        new ContextHasher(Set.of("k"), "Jefe".getBytes(StandardCharsets.US_ASCII));
    assertThat(hasher.hash("what do ya want for nothing?"))
        .isEqualTo("hmac-sha256:5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void hash_ofANonAsciiValue_isTheHmacOfItsUtf8Bytes() {
    // Expected value computed outside Java (Python's hmac over "café/𝄞".encode("utf-8"), bytes
    // 636166c3a92ff09d849e): a two-byte and a four-byte (surrogate pair) sequence. Hashing the
    // UTF-16 form instead would give 11d44fc4….
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) i;
    }
    ContextHasher hasher = new ContextHasher(Set.of("k"), key);
    assertThat(hasher.hash("café/\uD834\uDD1E"))
        .isEqualTo("hmac-sha256:15ae79387698bd43c00e1a63cd80ebed810fac89c03bec70b3dd2644a83306cd");
  }

  @Test
  void theVectorFile_holdsBothVerdicts() {
    assertThat(VECTORS.stream().filter(v -> v.result() == Result.VALID)).hasSizeGreaterThan(2);
    assertThat(VECTORS.stream().filter(v -> v.result() == Result.INVALID)).hasSizeGreaterThan(20);
    assertThat(VECTORS).allSatisfy(v -> assertThat(v.groupNumber("tagSize")).isEqualTo(256));
  }
}
