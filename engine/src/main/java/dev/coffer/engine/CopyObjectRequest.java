package dev.coffer.engine;

import dev.coffer.engine.internal.ops.ObjectKeyRules;
import dev.coffer.keystore.EncryptionContext;
import java.util.Objects;
import java.util.Optional;

/**
 * CopyObject: reads the source (needs s3:GetObject and kms:Decrypt on its key) and writes the
 * destination encrypted afresh for its own key and context (needs s3:PutObject and
 * kms:GenerateDataKey), as S3 does. The encryption context is the destination request's, never the
 * source's.
 *
 * <p>The {@link MetadataDirective} says where the copy's content type and user metadata come from:
 * by default ({@link MetadataDirective#COPY}) the source's, and the destination request must then
 * name neither (S3 would ignore them silently; a copy that quietly drops the content type it was
 * given is a bug found much later, so Coffer refuses it with {@link
 * dev.coffer.keystore.InvalidArgumentException} before reading anything). A content type of {@value
 * PutObjectRequest#DEFAULT_CONTENT_TYPE} counts as none, since it is what a request without one
 * carries (and what the sidecar's wire form cannot tell apart from none): to give a copy that type,
 * use {@link MetadataDirective#REPLACE}. With REPLACE the destination request's content type and
 * user metadata are the copy's, replacing all of the source's. Bucket policies see the directive as
 * {@code s3:x-amz-metadata-directive} (always present for a copy, {@code COPY} by default, where S3
 * leaves it out when the header is), and the CopyObject audit event records it as {@code
 * metadataDirective}.
 *
 * <p>A copy onto itself is allowed with either directive, unlike S3's "copy an object to itself
 * without changing [anything]" refusal: every Coffer copy re-encrypts under a fresh data key and
 * the destination key's current primary version, with a new version id and ETag, so its encryption
 * attributes always change. That makes it the way to re-encrypt one object after a rotation, move
 * it to its bucket's new default key, or change its context.
 */
public record CopyObjectRequest(
    String sourceBucket,
    String sourceKey,
    Optional<EncryptionContext> expectedSourceContext,
    PutObjectRequest destination,
    MetadataDirective metadataDirective) {
  public CopyObjectRequest {
    Objects.requireNonNull(sourceBucket, "sourceBucket");
    ObjectKeyRules.valid(sourceKey);
    Objects.requireNonNull(expectedSourceContext, "expectedSourceContext");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(metadataDirective, "metadataDirective");
  }

  /** A copy that keeps the source's metadata ({@link MetadataDirective#COPY}). */
  public CopyObjectRequest(
      String sourceBucket,
      String sourceKey,
      Optional<EncryptionContext> expectedSourceContext,
      PutObjectRequest destination) {
    this(sourceBucket, sourceKey, expectedSourceContext, destination, MetadataDirective.COPY);
  }

  /**
   * A copy of {@code sourceBucket/sourceKey} to the object {@code destination} describes, with the
   * source's content type and user metadata.
   */
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
        destination,
        metadataDirective);
  }

  /** The same copy, taking its content type and user metadata from where {@code directive} says. */
  public CopyObjectRequest withMetadataDirective(MetadataDirective directive) {
    return new CopyObjectRequest(
        sourceBucket,
        sourceKey,
        expectedSourceContext,
        destination,
        Objects.requireNonNull(directive, "directive"));
  }

  /**
   * The same copy with the destination request's content type and user metadata instead of the
   * source's ({@link MetadataDirective#REPLACE}).
   */
  public CopyObjectRequest replacingMetadata() {
    return withMetadataDirective(MetadataDirective.REPLACE);
  }
}
