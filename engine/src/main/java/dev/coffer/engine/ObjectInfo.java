package dev.coffer.engine;

import dev.coffer.keystore.EncryptionContext;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What HeadObject says about an object, without decrypting its data or calling the keystore.
 *
 * @param versionId hex of the write's 16-byte version id
 * @param serverSideEncryption always {@code aws:kms}
 * @param kmsKeyArn the master key the object's data key is under (directly or via a bucket key)
 * @param kmsKeyVersion its version at the time of the write
 * @param encryptionContext the stored context ({@code aws:s3:arn} and the caller's pairs)
 */
public record ObjectInfo(
    String bucket,
    String key,
    String versionId,
    long size,
    String etag,
    Instant lastModified,
    String contentType,
    Map<String, String> userMetadata,
    String serverSideEncryption,
    String kmsKeyArn,
    int kmsKeyVersion,
    boolean bucketKeyEnabled,
    EncryptionContext encryptionContext) {
  public ObjectInfo {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(versionId, "versionId");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(contentType, "contentType");
    userMetadata = Map.copyOf(userMetadata);
    Objects.requireNonNull(serverSideEncryption, "serverSideEncryption");
    Objects.requireNonNull(kmsKeyArn, "kmsKeyArn");
    Objects.requireNonNull(encryptionContext, "encryptionContext");
  }

  /** The object's ARN, {@code arn:aws:s3:::BUCKET/KEY}. */
  public String arn() {
    return "arn:aws:s3:::" + bucket + "/" + key;
  }
}
