package dev.coffer.engine;

import dev.coffer.engine.internal.ops.ObjectKeyRules;
import dev.coffer.keystore.EncryptionContext;
import java.util.Objects;
import java.util.Optional;

/**
 * GetObject: an object, optionally only a {@link ByteRange} of it (as HTTP ranges), and optionally
 * the encryption context the caller expects: if it differs from the stored one, the get fails
 * without releasing data.
 */
public final class GetObjectRequest {
  private final String bucket;
  private final String key;
  private final Optional<EncryptionContext> expectedContext;
  private final Optional<ByteRange> range;

  private GetObjectRequest(
      String bucket,
      String key,
      Optional<EncryptionContext> expectedContext,
      Optional<ByteRange> range) {
    this.bucket = bucket;
    this.key = key;
    this.expectedContext = expectedContext;
    this.range = range;
  }

  public static GetObjectRequest of(String bucket, String key) {
    return new GetObjectRequest(
        Objects.requireNonNull(bucket, "bucket"),
        ObjectKeyRules.valid(key),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * The same request, failing unless the stored context equals {@code context} plus the engine's
   * {@code aws:s3:arn}.
   */
  public GetObjectRequest expectingContext(EncryptionContext context) {
    return new GetObjectRequest(
        bucket, key, Optional.of(Objects.requireNonNull(context, "context")), range);
  }

  /** The same request for the bytes {@code range} selects. */
  public GetObjectRequest range(ByteRange range) {
    return new GetObjectRequest(
        bucket, key, expectedContext, Optional.of(Objects.requireNonNull(range, "range")));
  }

  /**
   * The same request for bytes {@code first..last} inclusive; {@code last} is clipped to the size.
   */
  public GetObjectRequest range(long first, long last) {
    return range(ByteRange.span(first, last));
  }

  /** The same request for every byte from {@code first} on (HTTP's {@code bytes=first-}). */
  public GetObjectRequest rangeFrom(long first) {
    return range(ByteRange.from(first));
  }

  /** The same request for the last {@code n} bytes (HTTP's {@code bytes=-n}). */
  public GetObjectRequest lastBytes(long n) {
    return range(ByteRange.suffix(n));
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

  /** The bytes asked for; empty for the whole object. */
  public Optional<ByteRange> range() {
    return range;
  }

  @Override
  public String toString() {
    return "GetObjectRequest["
        + bucket
        + "/"
        + key
        + range.map(r -> ", " + r).orElse("")
        + expectedContext.map(c -> ", expecting context " + c).orElse("")
        + "]";
  }
}
