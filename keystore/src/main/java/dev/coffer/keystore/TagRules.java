package dev.coffer.keystore;

import java.util.Locale;
import java.util.Objects;

/** The rules KMS sets for key tags, shared by CreateKey, TagResource and UntagResource. */
final class TagRules {
  static final int MAX_TAGS = TagResourceRequest.MAX_TAGS_PER_KEY;
  static final int MAX_KEY = 128;
  static final int MAX_VALUE = 256;

  private TagRules() {}

  static void checkKey(String key) {
    Objects.requireNonNull(key, "tag key");
    // AWS counts characters (code points), not UTF-16 units: 128 emoji are a valid key.
    if (key.isEmpty() || key.codePointCount(0, key.length()) > MAX_KEY) {
      throw new InvalidArgumentException("tag keys must be 1 to " + MAX_KEY + " characters");
    }
    // AWS reserves the prefix in any case: "AWS:x" is refused as "aws:x" is.
    if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
      throw new InvalidArgumentException(
          "tag keys starting with aws: are reserved for AWS: " + key);
    }
  }

  static void checkValue(String value) {
    Objects.requireNonNull(value, "tag value");
    if (value.codePointCount(0, value.length()) > MAX_VALUE) {
      throw new InvalidArgumentException("tag values must be at most " + MAX_VALUE + " characters");
    }
  }
}
