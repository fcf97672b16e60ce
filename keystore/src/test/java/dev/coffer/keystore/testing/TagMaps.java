package dev.coffer.keystore.testing;

import static org.quicktheories.generators.SourceDSL.lists;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.quicktheories.core.Gen;

/** Generators of tag maps (and other string maps) in the order their entries were drawn. */
public final class TagMaps {
  /**
   * Letters whose case mappings are irregular, each beside the ordinary letters it maps to or from:
   * dotted and dotless i, long s, the Kelvin sign, sharp s, final sigma, a Deseret letter (outside
   * the BMP). Tag keys built from them collide in ways a plain a/A list never shows.
   */
  public static final List<String> IRREGULAR_CASE_LETTERS =
      List.of(
          "İ",
          "i",
          "ı",
          "I",
          "ſ",
          "s",
          "S",
          "\u212A",
          "k",
          "ß",
          "SS",
          "Σ",
          "ς",
          "σ",
          "\uD801\uDC00",
          "\uD801\uDC28");

  private TagMaps() {}

  /** Maps of up to {@code max} entries; a key drawn twice keeps its last value. */
  public static Gen<Map<String, String>> of(Gen<String> keys, Gen<String> values, int max) {
    return lists()
        .of(keys.zip(values, Map::entry))
        .ofSizeBetween(0, max)
        .map(
            entries -> {
              Map<String, String> m = new LinkedHashMap<>();
              entries.forEach(e -> m.put(e.getKey(), e.getValue()));
              return m;
            });
  }

  /**
   * Non-empty maps of up to {@code max} entries whose keys differ in more than letter case: a key
   * equal to an earlier one ignoring case (lower-cased, Locale.ROOT) is dropped. Built that way
   * rather than filtered, because most maps drawn from case-variant-heavy key lists have a clash
   * and a filter then gives up.
   */
  public static Gen<Map<String, String>> withoutCaseVariants(
      Gen<String> keys, Gen<String> values, int max) {
    return lists()
        .of(keys.zip(values, Map::entry))
        .ofSizeBetween(1, max)
        .map(
            entries -> {
              Map<String, String> m = new LinkedHashMap<>();
              Set<String> seen = new HashSet<>();
              entries.forEach(
                  e -> {
                    if (seen.add(e.getKey().toLowerCase(Locale.ROOT))) {
                      m.put(e.getKey(), e.getValue());
                    }
                  });
              return m;
            });
  }
}
