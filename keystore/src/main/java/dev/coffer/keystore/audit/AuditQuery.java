package dev.coffer.keystore.audit;

import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.InvalidArgumentException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which audit events to read, in which order, a page at a time. Every filter is optional and they
 * combine with AND; without any, every event matches.
 *
 * <pre>{@code
 * AuditQuery q = AuditQuery.builder()
 *     .principal("arn:aws:iam::000000000000:role/App")
 *     .outcome(AuditOutcome.DENIED)
 *     .newestFirst()
 *     .limit(20)
 *     .build();
 * }</pre>
 */
public final class AuditQuery {
  /** The request parameters in which keystore and engine events name a KMS key. */
  private static final List<String> KEY_PARAMETERS =
      List.of(
          "keyId",
          "aliasName",
          "targetKeyId",
          "sourceKeyId",
          "destinationKeyId",
          "sourceKeyArn",
          "kmsKeyArn");

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 10_000;

  /** The order of results. */
  public enum Order {
    OLDEST_FIRST,
    NEWEST_FIRST
  }

  private final Instant since;
  private final Instant until;
  private final String principal;
  private final String eventName;
  private final String key;
  private final String bucket;
  private final String objectKeyPrefix;
  private final AuditOutcome outcome;
  private final Order order;
  private final int limit;
  private final String resumeToken;

  private AuditQuery(Builder b) {
    this.since = b.since;
    this.until = b.until;
    this.principal = b.principal;
    this.eventName = b.eventName;
    this.key = b.key;
    this.bucket = b.bucket;
    this.objectKeyPrefix = b.objectKeyPrefix;
    this.outcome = b.outcome;
    this.order = b.order;
    this.limit = b.limit;
    this.resumeToken = b.resumeToken;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every event, oldest first, in pages of {@value #DEFAULT_LIMIT}. */
  public static AuditQuery all() {
    return builder().build();
  }

  public Optional<Instant> since() {
    return Optional.ofNullable(since);
  }

  public Optional<Instant> until() {
    return Optional.ofNullable(until);
  }

  public Optional<String> principal() {
    return Optional.ofNullable(principal);
  }

  public Optional<String> eventName() {
    return Optional.ofNullable(eventName);
  }

  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  public Optional<String> bucket() {
    return Optional.ofNullable(bucket);
  }

  public Optional<String> objectKeyPrefix() {
    return Optional.ofNullable(objectKeyPrefix);
  }

  public Optional<AuditOutcome> outcome() {
    return Optional.ofNullable(outcome);
  }

  public Order order() {
    return order;
  }

  public int limit() {
    return limit;
  }

  public Optional<String> resumeToken() {
    return Optional.ofNullable(resumeToken);
  }

  /** This query from the start again, with another page size; used to export everything. */
  public AuditQuery withLimit(int newLimit) {
    return toBuilder().resumeToken(null).limit(newLimit).build();
  }

  /** The same filters and order, resuming where {@code token} says. */
  public AuditQuery resumingAt(String token) {
    return toBuilder().resumeToken(token).build();
  }

  private Builder toBuilder() {
    Builder b = new Builder();
    b.since = since;
    b.until = until;
    b.principal = principal;
    b.eventName = eventName;
    b.key = key;
    b.bucket = bucket;
    b.objectKeyPrefix = objectKeyPrefix;
    b.outcome = outcome;
    b.order = order;
    b.limit = limit;
    b.resumeToken = resumeToken;
    return b;
  }

  /**
   * Whether the event passes every filter. A key filter matches the event's key ARN, the key id
   * inside it, a resource ARN, or how the caller named the key (an alias name, say).
   */
  public boolean matches(AuditRecord r) {
    if (since != null && r.eventTime().isBefore(since)) {
      return false;
    }
    if (until != null && !r.eventTime().isBefore(until)) {
      return false;
    }
    if (principal != null && !principal.equals(r.principal())) {
      return false;
    }
    if (eventName != null && !eventName.equals(r.eventName())) {
      return false;
    }
    if (outcome != null && outcome != r.outcome()) {
      return false;
    }
    if (key != null && !namesKey(r)) {
      return false;
    }
    // The engine's object and bucket operations name the bucket "bucket"; CloudTrail's S3 events
    // (and the keystore's own records, where a bucket appears) "bucketName". Either matches.
    if (bucket != null
        && !bucket.equals(r.requestParameters().get("bucketName"))
        && !bucket.equals(r.requestParameters().get("bucket"))) {
      return false;
    }
    if (objectKeyPrefix != null) {
      String objectKey = r.requestParameters().get("key");
      return objectKey != null && objectKey.startsWith(objectKeyPrefix);
    }
    return true;
  }

  private boolean namesKey(AuditRecord r) {
    if (r.keyArn().map(this::isKey).orElse(false)) {
      return true;
    }
    for (String resource : r.resources()) {
      if (resource.startsWith("arn:aws:kms:") && isKey(resource)) {
        return true;
      }
    }
    // Only parameters that name a KMS key: an object key may read like a key id or an alias.
    for (String parameter : KEY_PARAMETERS) {
      if (key.equals(r.requestParameters().get(parameter))) {
        return true;
      }
    }
    return false;
  }

  private boolean isKey(String arn) {
    return arn.equals(key) || arn.endsWith(":key/" + key);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("AuditQuery[");
    append(s, "since", since);
    append(s, "until", until);
    append(s, "principal", principal);
    append(s, "event", eventName);
    append(s, "key", key);
    append(s, "bucket", bucket);
    append(s, "prefix", objectKeyPrefix);
    append(s, "outcome", outcome);
    return s.append(order).append(", limit ").append(limit).append(']').toString();
  }

  private static void append(StringBuilder s, String name, Object value) {
    if (value != null) {
      s.append(name).append('=').append(value).append(", ");
    }
  }

  /** Builds a query; every filter is optional. */
  public static final class Builder {
    private Instant since;
    private Instant until;
    private String principal;
    private String eventName;
    private String key;
    private String bucket;
    private String objectKeyPrefix;
    private AuditOutcome outcome;
    private Order order = Order.OLDEST_FIRST;
    private int limit = DEFAULT_LIMIT;
    private String resumeToken;

    private Builder() {}

    /** Events at or after this time. */
    public Builder since(Instant time) {
      this.since = time;
      return this;
    }

    /** Events before this time. */
    public Builder until(Instant time) {
      this.until = time;
      return this;
    }

    /** Events of this caller (principal ARN, exactly). */
    public Builder principal(String arn) {
      this.principal = arn;
      return this;
    }

    /** Events of this operation, such as {@code GenerateDataKey}. */
    public Builder eventName(String name) {
      this.eventName = name;
      return this;
    }

    /** Events on this key: key id, key ARN, or the alias name the caller used. */
    public Builder key(String keyIdArnOrAlias) {
      this.key = keyIdArnOrAlias;
      return this;
    }

    public Builder bucket(String name) {
      this.bucket = name;
      return this;
    }

    /** Events on objects whose key starts with this prefix. */
    public Builder objectKeyPrefix(String prefix) {
      this.objectKeyPrefix = prefix;
      return this;
    }

    public Builder outcome(AuditOutcome value) {
      this.outcome = value;
      return this;
    }

    public Builder order(Order value) {
      this.order = Objects.requireNonNull(value, "order");
      return this;
    }

    public Builder newestFirst() {
      return order(Order.NEWEST_FIRST);
    }

    /** Page size, 1 to {@value #MAX_LIMIT}; default {@value #DEFAULT_LIMIT}. */
    public Builder limit(int value) {
      if (value < 1 || value > MAX_LIMIT) {
        throw new InvalidArgumentException("limit must be 1 to " + MAX_LIMIT);
      }
      this.limit = value;
      return this;
    }

    /** Continue after the page that returned this token. */
    public Builder resumeToken(String token) {
      this.resumeToken = token;
      return this;
    }

    public AuditQuery build() {
      return new AuditQuery(this);
    }
  }
}
