package dev.coffer.engine;

import dev.coffer.engine.internal.ops.ObjectKeyRules;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.InvalidArgumentException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * PutObject: where, under which key and context, with which content type and user metadata.
 *
 * <p>As in S3, the request may ask for SSE-KMS explicitly ({@link Builder#sseKms()} or naming a key
 * with {@link Builder#kmsKeyId}): that is what the condition keys {@code
 * s3:x-amz-server-side-encryption} and {@code s3:x-amz-server-side-encryption-aws-kms-key-id}
 * report to bucket policies. Without it the bucket's default encryption applies, and those keys are
 * absent from the request.
 *
 * <p>A put may be conditional, as S3's conditional writes: {@link Builder#ifNoneMatch()} creates
 * the object only if the key is free, {@link Builder#ifMatch(String)} replaces it only if its
 * current version still has the ETag named (optimistic concurrency). The condition is checked
 * before the data is read and again atomically when the object commits; a put whose condition fails
 * writes nothing and throws {@link dev.coffer.keystore.PreconditionFailedException}. If-Match also
 * needs {@code s3:GetObject} (it reveals the current version), and {@code s3:ListBucket} to learn
 * that there is no object, as in S3; bucket policies see the conditions as {@code s3:if-none-match}
 * and {@code s3:if-match}. For a copy's destination the condition is checked once the source is
 * open. A deep re-encryption gives every object a new version, so an ETag read before it no longer
 * matches.
 */
public final class PutObjectRequest {
  /** The content type of an object whose request names none, as in S3. */
  public static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";

  static final int MAX_METADATA_BYTES = 2048;

  private final String bucket;
  private final String key;
  private final boolean sseKmsRequested;
  private final Optional<String> kmsKeyId;
  private final Optional<Boolean> bucketKeyEnabled;
  private final EncryptionContext context;
  private final String contentType;
  private final Map<String, String> userMetadata;
  private final boolean ifNoneMatch;
  private final Optional<String> ifMatch;

  private PutObjectRequest(Builder b) {
    this.bucket = b.bucket;
    this.key = b.key;
    this.sseKmsRequested = b.sseKms || b.kmsKeyId != null;
    this.kmsKeyId = Optional.ofNullable(b.kmsKeyId);
    this.bucketKeyEnabled = Optional.ofNullable(b.bucketKeyEnabled);
    this.context = b.context;
    this.contentType = b.contentType;
    this.userMetadata = Map.copyOf(b.userMetadata);
    this.ifNoneMatch = b.ifNoneMatch;
    this.ifMatch = Optional.ofNullable(b.ifMatch);
  }

  public static Builder builder(String bucket, String key) {
    return new Builder(bucket, key);
  }

  public String bucket() {
    return bucket;
  }

  public String key() {
    return key;
  }

  /** Whether the request names SSE-KMS itself (the x-amz-server-side-encryption header). */
  public boolean sseKmsRequested() {
    return sseKmsRequested;
  }

  public Optional<String> kmsKeyId() {
    return kmsKeyId;
  }

  public Optional<Boolean> bucketKeyEnabled() {
    return bucketKeyEnabled;
  }

  /** The caller's pairs; the engine adds {@code aws:s3:arn}. */
  public EncryptionContext encryptionContext() {
    return context;
  }

  public String contentType() {
    return contentType;
  }

  public Map<String, String> userMetadata() {
    return userMetadata;
  }

  /** Whether the put creates the object only if the key is free (If-None-Match: *). */
  public boolean ifNoneMatch() {
    return ifNoneMatch;
  }

  /** The ETag the object's current version must have for the put to replace it (If-Match). */
  public Optional<String> ifMatch() {
    return ifMatch;
  }

  /** Validating builder. */
  public static final class Builder {
    private final String bucket;
    private final String key;
    private boolean sseKms;
    private String kmsKeyId;
    private Boolean bucketKeyEnabled;
    private EncryptionContext context = EncryptionContext.empty();
    private String contentType = DEFAULT_CONTENT_TYPE;
    private final Map<String, String> userMetadata = new LinkedHashMap<>();
    private boolean ifNoneMatch;
    private String ifMatch;

    private Builder(String bucket, String key) {
      this.bucket = Objects.requireNonNull(bucket, "bucket");
      this.key = ObjectKeyRules.valid(key);
    }

    /** Asks for SSE-KMS explicitly (with the bucket's default key unless one is named). */
    public Builder sseKms() {
      this.sseKms = true;
      return this;
    }

    /** Encrypts under this key (id, alias or ARN) instead of the bucket's default. */
    public Builder kmsKeyId(String keyId) {
      this.kmsKeyId = Objects.requireNonNull(keyId, "kmsKeyId");
      return this;
    }

    /** Overrides the bucket's bucket-key setting for this object. */
    public Builder bucketKeyEnabled(boolean enabled) {
      this.bucketKeyEnabled = enabled;
      return this;
    }

    /**
     * The caller's encryption-context pairs; keys starting with {@code aws:} are reserved.
     *
     * @throws InvalidArgumentException for a reserved key
     */
    public Builder encryptionContext(EncryptionContext context) {
      Objects.requireNonNull(context, "context");
      for (String k : context.asMap().keySet()) {
        if (k.startsWith("aws:")) {
          throw new InvalidArgumentException(
              "encryption context keys starting with aws: are reserved: " + k);
        }
      }
      this.context = context;
      return this;
    }

    public Builder contentType(String contentType) {
      this.contentType = Objects.requireNonNull(contentType, "contentType");
      return this;
    }

    public Builder userMetadata(String name, String value) {
      userMetadata.put(
          Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Creates the object only if no object has the key (S3's If-None-Match: *). */
    public Builder ifNoneMatch() {
      this.ifNoneMatch = true;
      return this;
    }

    /**
     * Replaces the object only if its current version has this ETag (S3's If-Match); a missing
     * object is NoSuchKey.
     */
    public Builder ifMatch(String etag) {
      Objects.requireNonNull(etag, "etag");
      if (etag.isEmpty()) {
        throw new InvalidArgumentException("If-Match needs an ETag");
      }
      this.ifMatch = etag;
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws InvalidArgumentException if the metadata is too large, or both conditions are given
     */
    public PutObjectRequest build() {
      if (ifNoneMatch && ifMatch != null) {
        throw new InvalidArgumentException(
            "give If-None-Match (create only) or If-Match (replace that version), not both");
      }
      int size = contentType.length();
      for (Map.Entry<String, String> e : userMetadata.entrySet()) {
        size += e.getKey().length() + e.getValue().length();
      }
      if (size > MAX_METADATA_BYTES) {
        throw new InvalidArgumentException(
            "content type and user metadata exceed "
                + MAX_METADATA_BYTES
                + " characters, as S3 limits");
      }
      return new PutObjectRequest(this);
    }
  }
}
