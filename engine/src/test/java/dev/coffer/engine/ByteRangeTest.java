package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.coffer.keystore.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangeTest {

  @ParameterizedTest(name = "{0} of {1} bytes selects [{2}, {3})")
  @CsvSource({
    "bytes=0-0, 10, 0, 1",
    "bytes=0-9, 10, 0, 10",
    "bytes=2-5, 10, 2, 6",
    "bytes=9-100, 10, 9, 10",
    "bytes=10-20, 10, 10, 10",
    "bytes=0-5, 0, 0, 0",
    "bytes=3-, 10, 3, 10",
    "bytes=0-, 0, 0, 0",
    "bytes=12-, 10, 12, 12",
    "bytes=-1, 10, 9, 10",
    "bytes=-4, 10, 6, 10",
    "bytes=-11, 10, 0, 10",
    "bytes=-3, 0, 0, 0",
  })
  void range_selectsWhatHttpSays(String header, long size, long start, long end) {
    ByteRange range = parse(header);
    assertThat(range).hasToString(header);
    assertThat(range.start(size)).isEqualTo(start);
    assertThat(range.end(size)).isEqualTo(end);
  }

  @Test
  void startsBeyond_onlyForSpansAndOpenRangesPastTheLastByteOfANonEmptyObject() {
    assertThat(ByteRange.span(10, 20).startsBeyond(10)).isTrue();
    assertThat(ByteRange.from(10).startsBeyond(10)).isTrue();
    assertThat(ByteRange.span(9, 20).startsBeyond(10)).isFalse();
    assertThat(ByteRange.span(5, 20).startsBeyond(0)).isFalse();
    assertThat(ByteRange.suffix(100).startsBeyond(10)).isFalse();
  }

  @Test
  void invalidRanges_areRefusedTyped() {
    assertThatThrownBy(() -> ByteRange.span(-1, 3)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> ByteRange.span(5, 4)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> ByteRange.from(-1)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> ByteRange.suffix(0)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void everyRange_selectsAWindowInsideTheObject_thatAByteByByteModelAgreesWith() {
    qt().withExamples(2000)
        .forAll(
            longs().between(0, 300),
            longs().between(0, 320),
            longs().between(0, 320),
            longs().between(0, 2))
        .checkAssert(
            (size, a, b, kind) -> {
              ByteRange range =
                  switch (kind.intValue()) {
                    case 0 -> ByteRange.span(Math.min(a, b), Math.max(a, b));
                    case 1 -> ByteRange.from(a);
                    default -> ByteRange.suffix(a + 1);
                  };
              long start = range.start(size);
              long end = range.end(size);
              // The model: which offsets of the object the range names, one by one.
              long modelStart = -1;
              long modelEnd = -1;
              for (long i = 0; i < size; i++) {
                if (names(range, i, size)) {
                  modelStart = modelStart < 0 ? i : modelStart;
                  modelEnd = i + 1;
                }
              }
              if (modelStart < 0) {
                assertThat(end).as("%s of %s", range, size).isEqualTo(start);
              } else {
                assertThat(new long[] {start, end})
                    .as("%s of %s", range, size)
                    .containsExactly(modelStart, modelEnd);
              }
              assertThat(start).isBetween(0L, Math.max(size, start));
              assertThat(end).isBetween(start, Math.max(size, start));
            });
  }

  private static boolean names(ByteRange range, long offset, long size) {
    if (range instanceof ByteRange.Span s) {
      return offset >= s.first() && offset <= s.last();
    }
    if (range instanceof ByteRange.From f) {
      return offset >= f.first();
    }
    return offset >= size - ((ByteRange.Suffix) range).length();
  }

  private static ByteRange parse(String header) {
    String text = header.substring("bytes=".length());
    int dash = text.indexOf('-');
    if (dash == 0) {
      return ByteRange.suffix(Long.parseLong(text.substring(1)));
    }
    long first = Long.parseLong(text.substring(0, dash));
    return dash == text.length() - 1
        ? ByteRange.from(first)
        : ByteRange.span(first, Long.parseLong(text.substring(dash + 1)));
  }
}
