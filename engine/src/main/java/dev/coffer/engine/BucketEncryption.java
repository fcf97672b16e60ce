package dev.coffer.engine;

import dev.coffer.keystore.InvalidArgumentException;
import java.util.Objects;

/**
 * A bucket's default encryption: SSE-KMS under {@code kmsKeyId} (id, alias or ARN; stored as the
 * key's ARN), with or without an S3 Bucket Key.
 *
 * @throws InvalidArgumentException if {@code kmsKeyId} is blank
 */
public record BucketEncryption(String kmsKeyId, boolean bucketKeyEnabled) {
  public BucketEncryption {
    Objects.requireNonNull(kmsKeyId, "kmsKeyId");
    if (kmsKeyId.isBlank()) {
      throw new InvalidArgumentException(
          "default encryption needs a KMS key (id, alias/NAME or ARN); leave the encryption out"
              + " to use Coffer's default key");
    }
  }
}
