package dev.coffer.engine;

import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.InvalidArgumentException;
import java.util.Objects;
import java.util.Optional;

/**
 * GetObject: an object, optionally only bytes {@code first} to {@code last} inclusive (as HTTP
 * ranges), and optionally the encryption context the caller expects: if it differs from the stored
 * one, the get fails without releasing data.
 */
public final class GetObjectRequest {
  private final String bucket;
  private final String key;
  private final Optional<EncryptionContext> expectedContext;
  private final long first;
  private final long last;

  private GetObjectRequest(
      String bucket, String key, Optional<EncryptionContext> expected, long first, long last) {
    this.bucket = bucket;
    this.key = key;
    this.expectedContext = expected;
    this.first = first;
    this.last = last;
  }

  public static GetObjectRequest of(String bucket, String key) {
    return new GetObjectRequest(
        Objects.requireNonNull(bucket, "bucket"),
        PutObjectRequest.validKey(key),
        Optional.empty(),
        0,
        -1);
  }

  /**
   * The same request, failing unless the stored context equals {@code context} plus the engine's
   * {@code aws:s3:arn}.
   */
  public GetObjectRequest expectingContext(EncryptionContext context) {
    return new GetObjectRequest(bucket, key, Optional.of(context), first, last);
  }

  /**
   * The same request for bytes {@code first..last} inclusive; {@code last} is clipped to the size.
   */
  public GetObjectRequest range(long first, long last) {
    if (first < 0 || last < first) {
      throw new InvalidArgumentException("a range is first-last with 0 <= first <= last");
    }
    return new GetObjectRequest(bucket, key, expectedContext, first, last);
  }

  public String bucket() {
    return bucket;
  }

  public String key() {
    return key;
  }

  public Optional<EncryptionContext> expectedContext() {
    return expectedContext;
  }

  public boolean ranged() {
    return last >= 0;
  }

  public long first() {
    return first;
  }

  /** Last byte wanted, inclusive; -1 when not ranged. */
  public long last() {
    return last;
  }
}
