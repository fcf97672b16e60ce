package dev.coffer.cli;

import dev.coffer.engine.GetObjectRequest;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An HTTP-style byte range for {@code get --range}: {@code FIRST-LAST} inclusive, or {@code FIRST-}
 * to the end; a leading {@code bytes=} is accepted, as S3's Range header has it.
 *
 * @param last the last byte wanted, or -1 for the end of the object
 */
record ByteRange(long first, long last) {
  /**
   * Stands for "to the end": the engine clips the last byte to the object's size, and computes
   * {@code last + 1}, so {@code Long.MAX_VALUE} itself would overflow.
   */
  private static final long END = Long.MAX_VALUE - 1;

  GetObjectRequest applyTo(GetObjectRequest request) {
    return request.range(first, last < 0 ? END : last);
  }

  @Override
  public String toString() {
    return first + "-" + (last < 0 ? "" : last);
  }

  /** Picocli's converter. */
  static final class Converter implements ITypeConverter<ByteRange> {
    @Override
    public ByteRange convert(String value) {
      String text = value.startsWith("bytes=") ? value.substring("bytes=".length()) : value;
      int dash = text.indexOf('-');
      try {
        if (dash <= 0) {
          throw new NumberFormatException();
        }
        long first = Long.parseLong(text.substring(0, dash));
        String end = text.substring(dash + 1);
        long last = end.isEmpty() ? -1 : Long.parseLong(end);
        if (first < 0 || (last >= 0 && last < first) || last >= END) {
          throw new TypeConversionException(
              "'" + value + "' is not a range: FIRST must not be after LAST");
        }
        return new ByteRange(first, last);
      } catch (NumberFormatException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a range: write FIRST-LAST (inclusive) or FIRST-");
      }
    }
  }
}
