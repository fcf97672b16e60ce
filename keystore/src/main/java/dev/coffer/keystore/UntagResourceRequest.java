package dev.coffer.keystore;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * UntagResource: removes tags from a key by their keys (case-sensitive). Naming a tag the key does
 * not have is not an error, as in KMS.
 */
public final class UntagResourceRequest {
  private final String keyId;
  private final List<String> tagKeys;

  private UntagResourceRequest(String keyId, List<String> tagKeys) {
    this.keyId = keyId;
    this.tagKeys = tagKeys;
  }

  /**
   * A request to remove the tags named by {@code tagKeys} from the key named by {@code keyId}.
   *
   * @throws InvalidArgumentException if there are no tag keys or one is not a valid tag key
   */
  public static UntagResourceRequest of(String keyId, Collection<String> tagKeys) {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(tagKeys, "tagKeys");
    if (tagKeys.isEmpty()) {
      throw new InvalidArgumentException("UntagResource needs at least one tag key");
    }
    LinkedHashSet<String> keys = new LinkedHashSet<>();
    for (String k : tagKeys) {
      TagRules.checkKey(k);
      keys.add(k);
    }
    return new UntagResourceRequest(keyId, List.copyOf(keys));
  }

  /** The key: id, ARN, alias name or alias ARN. */
  public String keyId() {
    return keyId;
  }

  /** The tag keys to remove, without repeats, in the order given. */
  public List<String> tagKeys() {
    return tagKeys;
  }
}
