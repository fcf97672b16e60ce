package dev.coffer.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.maps;

import dev.coffer.keystore.testing.UnicodeStrings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class EncryptionContextTest {
  private static final Gen<String> KEYS = UnicodeStrings.ofLengthBetween(1, 6);
  private static final Gen<String> VALUES = UnicodeStrings.ofLengthBetween(0, 6);
  private static final Gen<Map<String, String>> CONTEXTS =
      maps().of(KEYS, VALUES).ofSizeBetween(0, 5);

  @Test
  void canonicalEncoding_isIndependentOfInsertionOrder() {
    qt().forAll(CONTEXTS)
        .checkAssert(
            map -> {
              List<Map.Entry<String, String>> entries = new ArrayList<>(map.entrySet());
              Collections.reverse(entries);
              LinkedHashMap<String, String> reversed = new LinkedHashMap<>();
              entries.forEach(e -> reversed.put(e.getKey(), e.getValue()));
              assertThat(EncryptionContext.of(reversed).canonicalBytes())
                  .isEqualTo(EncryptionContext.of(map).canonicalBytes());
            });
  }

  @Test
  void canonicalEncoding_isInjective() {
    qt().forAll(CONTEXTS, CONTEXTS)
        .assuming((a, b) -> !a.equals(b))
        .checkAssert(
            (a, b) ->
                assertThat(EncryptionContext.of(a).canonicalBytes())
                    .isNotEqualTo(EncryptionContext.of(b).canonicalBytes()));
  }

  @Test
  void canonicalEncoding_decodesBackToTheSameMap() {
    qt().forAll(CONTEXTS)
        .checkAssert(
            map -> {
              assertThat(decode(EncryptionContext.of(map).canonicalBytes())).isEqualTo(map);
            });
  }

  @Test
  void canonicalEncoding_isTheDocumentedLayout() {
    EncryptionContext ctx = EncryptionContext.of(Map.of("b", "2", "a", "xy"));
    assertThat(ctx.canonicalBytes())
        .containsExactly(0, 0, 0, 1, 'a', 0, 0, 0, 2, 'x', 'y', 0, 0, 0, 1, 'b', 0, 0, 0, 1, '2');
    assertThat(EncryptionContext.empty().canonicalBytes()).isEmpty();
  }

  @Test
  void entries_areOrderedByUtf8BytesNotUtf16Units() {
    // U+FF61 sorts after U+1F600 in UTF-16 code units but before it in UTF-8 bytes.
    EncryptionContext ctx = EncryptionContext.of(Map.of("\uD83D\uDE00", "1", "\uFF61", "2"));
    assertThat(ctx.asMap().keySet()).containsExactly("\uFF61", "\uD83D\uDE00");
  }

  @Test
  void of_withEmptyKey_isRejected() {
    assertThatThrownBy(() -> EncryptionContext.of("", "v"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void of_withUnpairedSurrogate_isRejected() {
    assertThatThrownBy(() -> EncryptionContext.of("k", "\uD800"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("not valid Unicode");
  }

  @Test
  void of_whenEncodingExceedsLimit_isRejected() {
    String big = "x".repeat(EncryptionContext.MAX_ENCODED_BYTES);
    assertThatThrownBy(() -> EncryptionContext.of("k", big))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("larger than");
  }

  @Test
  void equality_followsContent() {
    assertThat(EncryptionContext.of("a", "1").with("b", "2"))
        .isEqualTo(EncryptionContext.of(Map.of("b", "2", "a", "1")))
        .hasSameHashCodeAs(EncryptionContext.of(Map.of("b", "2", "a", "1")));
  }

  private static Map<String, String> decode(byte[] encoded) {
    ByteBuffer buf = ByteBuffer.wrap(encoded);
    Map<String, String> out = new LinkedHashMap<>();
    while (buf.hasRemaining()) {
      String k = field(buf);
      out.put(k, field(buf));
    }
    return out;
  }

  private static String field(ByteBuffer buf) {
    byte[] bytes = new byte[buf.getInt()];
    buf.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
