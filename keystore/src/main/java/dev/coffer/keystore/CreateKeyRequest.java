package dev.coffer.keystore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** CreateKey: a symmetric AES-256-GCM master key with an optional description and tags. */
public final class CreateKeyRequest {
  static final int MAX_DESCRIPTION = 8192;
  static final int MAX_TAGS = 50;

  private final String description;
  private final Map<String, String> tags;
  private final Optional<String> policy;
  private final boolean bypassPolicyLockoutSafetyCheck;

  private CreateKeyRequest(Builder b) {
    this.description = b.description;
    this.tags = Map.copyOf(b.tags);
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

    /** Adds a tag: key 1–128 characters, value up to 256 characters, as KMS. */
    public Builder tag(String key, String value) {
      Objects.requireNonNull(key, "tag key");
      Objects.requireNonNull(value, "tag value");
      if (key.isEmpty() || key.length() > 128) {
        throw new InvalidArgumentException("tag keys must be 1 to 128 characters");
      }
      if (value.length() > 256) {
        throw new InvalidArgumentException("tag values must be at most 256 characters");
      }
      if (key.startsWith("aws:")) {
        throw new InvalidArgumentException("tag keys starting with aws: are reserved");
      }
      tags.put(key, value);
      return this;
    }

    public Builder tags(Map<String, String> tags) {
      tags.forEach(this::tag);
      return this;
    }

    public CreateKeyRequest build() {
      if (description.length() > MAX_DESCRIPTION) {
        throw new InvalidArgumentException(
            "description must be at most " + MAX_DESCRIPTION + " characters");
      }
      if (tags.size() > MAX_TAGS) {
        throw new InvalidArgumentException("at most " + MAX_TAGS + " tags per key");
      }
      return new CreateKeyRequest(this);
    }
  }
}
