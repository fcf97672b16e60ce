package dev.coffer.keystore.testing;

import static org.quicktheories.generators.SourceDSL.strings;

import java.util.regex.Pattern;
import org.quicktheories.core.Gen;

/** Generators of valid Unicode strings (all planes, no unpaired surrogates). */
public final class UnicodeStrings {
  private static final Pattern UNPAIRED =
      Pattern.compile(
          "[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]");

  private UnicodeStrings() {}

  public static Gen<String> ofLengthBetween(int min, int max) {
    return strings()
        .betweenCodePoints(1, Character.MAX_CODE_POINT)
        .ofLengthBetween(min, max)
        .map(s -> UNPAIRED.matcher(s).replaceAll("x"));
  }
}
