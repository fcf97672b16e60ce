package dev.coffer.keystore.testing;

import static org.quicktheories.generators.SourceDSL.lists;

import java.util.LinkedHashMap;
import java.util.Map;
import org.quicktheories.core.Gen;

/** Generators of tag maps (and other string maps) in the order their entries were drawn. */
public final class TagMaps {
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
}
