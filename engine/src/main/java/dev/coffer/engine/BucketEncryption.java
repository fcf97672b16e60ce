package dev.coffer.engine;

import java.util.Objects;

/**
 * A bucket's default encryption: SSE-KMS under {@code kmsKeyId} (id, alias or ARN; stored as the
 * key's ARN), with or without an S3 Bucket Key.
 */
public record BucketEncryption(String kmsKeyId, boolean bucketKeyEnabled) {
  public BucketEncryption {
    Objects.requireNonNull(kmsKeyId, "kmsKeyId");
  }
}
