package dev.coffer.engine;

/**
 * S3's {@code x-amz-metadata-directive}: where a copy's content type and user metadata come from.
 * Bucket and identity policies see it, for the {@code s3:PutObject} check of a copy, as the
 * condition key {@code s3:x-amz-metadata-directive}.
 */
public enum MetadataDirective {
  /**
   * The source's content type and user metadata, as they are (the default, as in S3). The
   * destination request must then carry none of its own: where S3 ignores them silently, Coffer
   * refuses the copy, so that metadata asked for is never quietly lost.
   */
  COPY,
  /**
   * The destination request's content type and user metadata, replacing the source's entirely: a
   * request without them gives the copy {@value PutObjectRequest#DEFAULT_CONTENT_TYPE} and no user
   * metadata, as in S3.
   */
  REPLACE
}
