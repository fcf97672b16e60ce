package dev.coffer.cli;

import dev.coffer.engine.GetObjectRequest;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An HTTP-style byte range for {@code get --range}: {@code FIRST-LAST} inclusive, {@code FIRST-} to
 * the end, or {@code -N} for the last N bytes; a leading {@code bytes=} is accepted, as S3's Range
 * header has it.
 *
 * @param last the last byte wanted, or -1 for the end of the object
 * @param suffix how many bytes from the end, or -1 when the range is not a suffix
 */
record ByteRange(long first, long last, long suffix) {

  GetObjectRequest applyTo(GetObjectRequest request) {
    if (suffix > 0) {
      return request.lastBytes(suffix);
    }
    return last < 0 ? request.rangeFrom(first) : request.range(first, last);
  }

  @Override
  public String toString() {
    return suffix > 0 ? "-" + suffix : first + "-" + (last < 0 ? "" : last);
  }

  /** Picocli's converter. */
  static final class Converter implements ITypeConverter<ByteRange> {
    @Override
    public ByteRange convert(String value) {
      String text = value.startsWith("bytes=") ? value.substring("bytes=".length()) : value;
      int dash = text.indexOf('-');
      try {
        if (dash < 0) {
          throw new NumberFormatException();
        }
        if (dash == 0) {
          long suffix = Long.parseLong(text.substring(1));
          if (suffix < 1) {
            throw new TypeConversionException("'" + value + "' is not a range: -N needs N >= 1");
          }
          return new ByteRange(0, -1, suffix);
        }
        long first = Long.parseLong(text.substring(0, dash));
        String end = text.substring(dash + 1);
        long last = end.isEmpty() ? -1 : Long.parseLong(end);
        if (first < 0 || (last >= 0 && last < first)) {
          throw new TypeConversionException(
              "'" + value + "' is not a range: FIRST must not be after LAST");
        }
        return new ByteRange(first, last, -1);
      } catch (NumberFormatException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a range: write FIRST-LAST (inclusive), FIRST- or -N");
      }
    }
  }
}
