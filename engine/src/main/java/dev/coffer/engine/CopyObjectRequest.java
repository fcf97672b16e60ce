package dev.coffer.engine;

import dev.coffer.engine.internal.ops.ObjectKeyRules;
import dev.coffer.keystore.EncryptionContext;
import java.util.Objects;
import java.util.Optional;

/**
 * CopyObject: reads the source (needs s3:GetObject and kms:Decrypt on its key) and writes the
 * destination encrypted afresh for its own key and context (needs s3:PutObject and
 * kms:GenerateDataKey), as S3 does. Content type and user metadata are copied.
 */
public record CopyObjectRequest(
    String sourceBucket,
    String sourceKey,
    Optional<EncryptionContext> expectedSourceContext,
    PutObjectRequest destination) {
  public CopyObjectRequest {
    Objects.requireNonNull(sourceBucket, "sourceBucket");
    ObjectKeyRules.valid(sourceKey);
    Objects.requireNonNull(expectedSourceContext, "expectedSourceContext");
    Objects.requireNonNull(destination, "destination");
  }

  /** A copy of {@code sourceBucket/sourceKey} to the object {@code destination} describes. */
  public static CopyObjectRequest of(
      String sourceBucket, String sourceKey, PutObjectRequest destination) {
    return new CopyObjectRequest(sourceBucket, sourceKey, Optional.empty(), destination);
  }

  /**
   * The same copy, refused unless the source's stored encryption context equals {@code context} (as
   * {@link GetObjectRequest#expectingContext} for a get).
   */
  public CopyObjectRequest expectingSourceContext(EncryptionContext context) {
    return new CopyObjectRequest(
        sourceBucket,
        sourceKey,
        Optional.of(Objects.requireNonNull(context, "context")),
        destination);
  }
}
