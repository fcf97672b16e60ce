package dev.coffer.engine;

import dev.coffer.keystore.InvalidArgumentException;
import java.util.Objects;
import java.util.Optional;

/** ListObjectsV2: prefix, delimiter, start-after, max-keys and continuation token. */
public final class ListObjectsRequest {
  public static final int MAX_KEYS = 1000;

  private final String bucket;
  private final String prefix;
  private final Optional<String> delimiter;
  private final Optional<String> startAfter;
  private final int maxKeys;
  private final Optional<String> continuationToken;

  private ListObjectsRequest(Builder b) {
    this.bucket = b.bucket;
    this.prefix = b.prefix;
    this.delimiter = Optional.ofNullable(b.delimiter);
    this.startAfter = Optional.ofNullable(b.startAfter);
    this.maxKeys = b.maxKeys;
    this.continuationToken = Optional.ofNullable(b.continuationToken);
  }

  public static Builder builder(String bucket) {
    return new Builder(bucket);
  }

  public String bucket() {
    return bucket;
  }

  public String prefix() {
    return prefix;
  }

  public Optional<String> delimiter() {
    return delimiter;
  }

  public Optional<String> startAfter() {
    return startAfter;
  }

  public int maxKeys() {
    return maxKeys;
  }

  public Optional<String> continuationToken() {
    return continuationToken;
  }

  /** Validating builder. */
  public static final class Builder {
    private final String bucket;
    private String prefix = "";
    private String delimiter;
    private String startAfter;
    private int maxKeys = MAX_KEYS;
    private String continuationToken;

    private Builder(String bucket) {
      this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    public Builder delimiter(String delimiter) {
      if (Objects.requireNonNull(delimiter, "delimiter").isEmpty()) {
        throw new InvalidArgumentException("a delimiter must not be empty");
      }
      this.delimiter = delimiter;
      return this;
    }

    public Builder startAfter(String key) {
      this.startAfter = Objects.requireNonNull(key, "startAfter");
      return this;
    }

    public Builder maxKeys(int maxKeys) {
      if (maxKeys < 1 || maxKeys > MAX_KEYS) {
        throw new InvalidArgumentException("max-keys must be 1 to " + MAX_KEYS);
      }
      this.maxKeys = maxKeys;
      return this;
    }

    public Builder continuationToken(String token) {
      this.continuationToken = Objects.requireNonNull(token, "continuationToken");
      return this;
    }

    public ListObjectsRequest build() {
      return new ListObjectsRequest(this);
    }
  }
}
