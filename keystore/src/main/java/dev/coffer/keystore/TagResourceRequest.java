package dev.coffer.keystore;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * TagResource: adds tags to a key, or replaces the values of tags it has. Tag keys and values are
 * case-sensitive; keys are 1–128 characters and may not start with {@code aws:}, values are up to
 * 256 characters and may be empty; a key has at most 50 tags, as in KMS. Tags are not secret: they
 * appear in audit records and policies read them ({@code aws:ResourceTag/<key>}). Unlike KMS, the
 * keystore refuses tag keys that differ only in letter case (in one request, or from a tag the key
 * has), since policies name tags case-insensitively.
 */
public final class TagResourceRequest {
  /** The most tags a key may have, as in KMS. */
  public static final int MAX_TAGS_PER_KEY = 50;

  private final String keyId;
  private final Map<String, String> tags;

  private TagResourceRequest(String keyId, Map<String, String> tags) {
    this.keyId = keyId;
    this.tags = tags;
  }

  /**
   * A request to set {@code tags} (in their iteration order) on the key named by {@code keyId}.
   *
   * @throws InvalidArgumentException if there are no tags, more than 50, or one breaks the rules
   */
  public static TagResourceRequest of(String keyId, Map<String, String> tags) {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(tags, "tags");
    if (tags.isEmpty()) {
      throw new InvalidArgumentException("TagResource needs at least one tag");
    }
    if (tags.size() > TagRules.MAX_TAGS) {
      throw new InvalidArgumentException("at most " + TagRules.MAX_TAGS + " tags per key");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    tags.forEach(
        (k, v) -> {
          TagRules.checkKey(k);
          TagRules.checkValue(v);
          copy.put(k, v);
        });
    return new TagResourceRequest(keyId, Collections.unmodifiableMap(copy));
  }

  /** The key: id, ARN, alias name or alias ARN. */
  public String keyId() {
    return keyId;
  }

  /** The tags to set, in the order given. */
  public Map<String, String> tags() {
    return tags;
  }
}
