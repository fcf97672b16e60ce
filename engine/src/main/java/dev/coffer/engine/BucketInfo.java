package dev.coffer.engine;

import dev.coffer.keystore.Principal;
import java.time.Instant;
import java.util.Objects;

/** A bucket as ListBuckets and CreateBucket show it. */
public record BucketInfo(
    String name, Principal owner, Instant creationDate, BucketEncryption encryption) {
  public BucketInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(creationDate, "creationDate");
    Objects.requireNonNull(encryption, "encryption");
  }

  /** The bucket's ARN, {@code arn:aws:s3:::NAME}. */
  public String arn() {
    return "arn:aws:s3:::" + name;
  }
}
