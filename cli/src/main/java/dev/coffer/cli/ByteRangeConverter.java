package dev.coffer.cli;

import dev.coffer.engine.ByteRange;
import dev.coffer.keystore.InvalidArgumentException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code get --range}: {@code FIRST-LAST} inclusive, {@code FIRST-} to the end, or {@code -N}
 * for the last N bytes; a leading {@code bytes=} is accepted, as S3's Range header has it.
 */
final class ByteRangeConverter implements ITypeConverter<ByteRange> {
  @Override
  public ByteRange convert(String value) {
    String text = value.startsWith("bytes=") ? value.substring("bytes=".length()) : value;
    int dash = text.indexOf('-');
    try {
      if (dash < 0) {
        throw new NumberFormatException();
      }
      if (dash == 0) {
        return ByteRange.suffix(Long.parseLong(text.substring(1)));
      }
      long first = Long.parseLong(text.substring(0, dash));
      String end = text.substring(dash + 1);
      return end.isEmpty() ? ByteRange.from(first) : ByteRange.span(first, Long.parseLong(end));
    } catch (NumberFormatException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a range: write FIRST-LAST (inclusive), FIRST- or -N");
    } catch (InvalidArgumentException e) {
      throw new TypeConversionException("'" + value + "' is not a range: " + e.getMessage());
    }
  }
}
