package dev.coffer.engine;

import dev.coffer.engine.internal.ops.ObjectKeyRules;
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
  private final long suffix;

  private GetObjectRequest(
      String bucket,
      String key,
      Optional<EncryptionContext> expected,
      long first,
      long last,
      long suffix) {
    this.bucket = bucket;
    this.key = key;
    this.expectedContext = expected;
    this.first = first;
    this.last = last;
    this.suffix = suffix;
  }

  public static GetObjectRequest of(String bucket, String key) {
    return new GetObjectRequest(
        Objects.requireNonNull(bucket, "bucket"),
        ObjectKeyRules.valid(key),
        Optional.empty(),
        0,
        -1,
        -1);
  }

  /**
   * The same request, failing unless the stored context equals {@code context} plus the engine's
   * {@code aws:s3:arn}.
   */
  public GetObjectRequest expectingContext(EncryptionContext context) {
    return new GetObjectRequest(
        bucket, key, Optional.of(Objects.requireNonNull(context, "context")), first, last, suffix);
  }

  /**
   * The same request for bytes {@code first..last} inclusive; {@code last} is clipped to the size.
   */
  public GetObjectRequest range(long first, long last) {
    if (first < 0 || last < first) {
      throw new InvalidArgumentException("a range is first-last with 0 <= first <= last");
    }
    return new GetObjectRequest(bucket, key, expectedContext, first, last, -1);
  }

  /** The same request for every byte from {@code first} on (HTTP's {@code bytes=first-}). */
  public GetObjectRequest rangeFrom(long first) {
    return range(first, Long.MAX_VALUE);
  }

  /** The same request for the last {@code n} bytes (HTTP's {@code bytes=-n}). */
  public GetObjectRequest lastBytes(long n) {
    if (n < 1) {
      throw new InvalidArgumentException("a suffix range needs at least one byte");
    }
    return new GetObjectRequest(bucket, key, expectedContext, 0, -1, n);
  }

  /**
   * The byte range {@code [first, end)} this request selects from an object of {@code size} bytes.
   */
  public long[] bounds(long size) {
    if (suffix > 0) {
      return new long[] {Math.max(0, size - suffix), size};
    }
    if (!ranged()) {
      return new long[] {0, size};
    }
    long end = last >= size - 1 ? size : last + 1;
    return new long[] {first, Math.max(first, end)};
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
    return last >= 0 || suffix > 0;
  }

  public long first() {
    return first;
  }

  /** Last byte wanted, inclusive; -1 when not ranged. */
  public long last() {
    return last;
  }
}
