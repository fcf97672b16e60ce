package dev.coffer.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.BucketInfo;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectSummary;
import java.util.Map;

/**
 * The JSON forms of buckets and objects. Field names are camelCase versions of the S3 API's ({@code
 * ETag} is {@code eTag}, {@code SSEKMSKeyId} is {@code sseKmsKeyId}, as the AWS SDK for Java names
 * them) and are part of the CLI's contract. Dates are ISO-8601 instants; maps are JSON objects with
 * sorted keys.
 */
final class ObjectJson {
  static final String SSE_KMS = "aws:kms";

  private ObjectJson() {}

  static JsonObject bucket(BucketInfo bucket) {
    JsonObject json = new JsonObject();
    json.addProperty("name", bucket.name());
    json.addProperty("arn", bucket.arn());
    json.addProperty("owner", bucket.owner().name());
    json.addProperty("creationDate", bucket.creationDate().toString());
    json.add("encryption", encryption(bucket.encryption()));
    return json;
  }

  /** A bucket's default encryption, flattened from S3's ServerSideEncryptionConfiguration. */
  static JsonObject encryption(BucketEncryption encryption) {
    JsonObject json = new JsonObject();
    json.addProperty("sseAlgorithm", SSE_KMS);
    json.addProperty("kmsMasterKeyId", encryption.kmsKeyId());
    json.addProperty("bucketKeyEnabled", encryption.bucketKeyEnabled());
    return json;
  }

  /** What HeadObject says; PutObject and CopyObject return the same about the new object. */
  static JsonObject object(ObjectInfo info) {
    JsonObject json = new JsonObject();
    json.addProperty("bucket", info.bucket());
    json.addProperty("key", info.key());
    json.addProperty("versionId", info.versionId());
    json.addProperty("contentLength", info.size());
    json.addProperty("eTag", info.etag());
    json.addProperty("lastModified", info.lastModified().toString());
    json.addProperty("contentType", info.contentType());
    json.add("metadata", KeyJson.map(info.userMetadata()));
    json.addProperty("serverSideEncryption", info.serverSideEncryption());
    json.addProperty("sseKmsKeyId", info.kmsKeyArn());
    json.addProperty("sseKmsKeyVersion", info.kmsKeyVersion());
    json.addProperty("bucketKeyEnabled", info.bucketKeyEnabled());
    json.add("encryptionContext", KeyJson.map(info.encryptionContext().asMap()));
    return json;
  }

  static JsonObject summary(ObjectSummary object) {
    JsonObject json = new JsonObject();
    json.addProperty("key", object.key());
    json.addProperty("size", object.size());
    json.addProperty("eTag", object.etag());
    json.addProperty("lastModified", object.lastModified().toString());
    return json;
  }

  /** S3's CommonPrefixes: {@code [{"prefix": "photos/"}, …]}. */
  static JsonObject commonPrefix(String prefix) {
    JsonObject json = new JsonObject();
    json.addProperty("prefix", prefix);
    return json;
  }

  static JsonObject tags(String bucket, Map<String, String> tags) {
    JsonObject json = new JsonObject();
    json.addProperty("bucket", bucket);
    json.add("tags", KeyJson.map(tags));
    return json;
  }

  static JsonArray buckets(Iterable<BucketInfo> buckets) {
    JsonArray array = new JsonArray();
    buckets.forEach(b -> array.add(bucket(b)));
    return array;
  }
}
