package dev.coffer.keystore;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** CreateKey: a symmetric AES-256-GCM master key with an optional description and tags. */
public final class CreateKeyRequest {
  /** The longest description a key may have, in characters, as in KMS. */
  public static final int MAX_DESCRIPTION = 8192;

  private final String description;
  private final Map<String, String> tags;
  private final Optional<String> policy;
  private final boolean bypassPolicyLockoutSafetyCheck;

  private CreateKeyRequest(Builder b) {
    this.description = b.description;
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
    this.policy = Optional.ofNullable(b.policy);
    this.bypassPolicyLockoutSafetyCheck = b.bypassPolicyLockoutSafetyCheck;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A request with no description and no tags. */
  public static CreateKeyRequest defaults() {
    return builder().build();
  }

  public String description() {
    return description;
  }

  /** The tags, in the order they were added. */
  public Map<String, String> tags() {
    return tags;
  }

  /** The key policy; empty means the default key policy. */
  public Optional<String> policy() {
    return policy;
  }

  public boolean bypassPolicyLockoutSafetyCheck() {
    return bypassPolicyLockoutSafetyCheck;
  }

  /** Validating builder. */
  public static final class Builder {
    private String description = "";
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String policy;
    private boolean bypassPolicyLockoutSafetyCheck;

    private Builder() {}

    /** The key policy (IAM JSON); without one the key gets the default key policy. */
    public Builder policy(String policyJson) {
      this.policy = Objects.requireNonNull(policyJson, "policy");
      return this;
    }

    /** Skips the check that the caller could still change the policy (KMS's flag of that name). */
    public Builder bypassPolicyLockoutSafetyCheck(boolean bypass) {
      this.bypassPolicyLockoutSafetyCheck = bypass;
      return this;
    }

    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /**
     * Adds a tag: key 1–128 characters, not starting with {@code aws:}, value up to 256 characters,
     * as KMS; see {@link TagResourceRequest}.
     */
    public Builder tag(String key, String value) {
      TagRules.checkKey(key);
      TagRules.checkValue(value);
      tags.put(key, value);
      return this;
    }

    public Builder tags(Map<String, String> tags) {
      tags.forEach(this::tag);
      return this;
    }

    public CreateKeyRequest build() {
      if (description.codePointCount(0, description.length()) > MAX_DESCRIPTION) {
        throw new InvalidArgumentException(
            "description must be at most " + MAX_DESCRIPTION + " characters");
      }
      if (tags.size() > TagRules.MAX_TAGS) {
        throw new InvalidArgumentException("at most " + TagRules.MAX_TAGS + " tags per key");
      }
      return new CreateKeyRequest(this);
    }
  }
}
