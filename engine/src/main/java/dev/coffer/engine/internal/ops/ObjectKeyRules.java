package dev.coffer.engine.internal.ops;

import dev.coffer.keystore.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** S3's rule for object keys, checked wherever a key enters the engine. */
public final class ObjectKeyRules {
  /** The longest object key, in bytes of UTF-8, as in S3. */
  public static final int MAX_KEY_BYTES = 1024;

  private ObjectKeyRules() {}

  /**
   * Returns {@code key} if it is 1 to 1024 bytes of valid UTF-8.
   *
   * @throws NullPointerException if key is null
   * @throws InvalidArgumentException otherwise
   */
  public static String valid(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new InvalidArgumentException("object keys are 1 to 1024 bytes of UTF-8");
    }
    if (!StandardCharsets.UTF_8.newEncoder().canEncode(key)) {
      throw new InvalidArgumentException("object key is not valid Unicode");
    }
    return key;
  }
}
