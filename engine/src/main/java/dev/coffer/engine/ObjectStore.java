package dev.coffer.engine;

import dev.coffer.keystore.Caller;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The S3 operations of a Coffer, on behalf of one {@link Caller}. Obtain one with {@link
 * Coffer#as(Caller)}. Every call passes both access layers (the bucket policy with the caller's
 * identity policies, then the key policy and grants when a data key is needed, with {@code
 * kms:ViaService} set) and leaves one audit event, allowed or not. Failures are {@link
 * dev.coffer.keystore.CofferException}s with a stable error code. Thread-safe.
 *
 * <p>No argument may be null: a null one fails with a {@link NullPointerException} before any
 * access check or audit (the embedded store's names the parameter).
 */
public interface ObjectStore {
  Caller caller();

  // ---- buckets

  BucketInfo createBucket(CreateBucketRequest request);

  List<BucketInfo> listBuckets();

  /** Deletes an empty bucket. */
  void deleteBucket(String bucket);

  BucketEncryption getBucketEncryption(String bucket);

  void putBucketEncryption(String bucket, BucketEncryption encryption);

  /** Sets the bucket policy (IAM JSON, S3 actions and ARNs). */
  void putBucketPolicy(String bucket, String policy);

  Optional<String> getBucketPolicy(String bucket);

  void deleteBucketPolicy(String bucket);

  void putBucketTagging(String bucket, Map<String, String> tags);

  Map<String, String> getBucketTagging(String bucket);

  // ---- objects

  ObjectInfo putObject(PutObjectRequest request, byte[] data);

  /**
   * Streams {@code data} of any length into the object; memory stays bounded by the segment size.
   */
  ObjectInfo putObject(PutObjectRequest request, InputStream data);

  ObjectContent getObject(GetObjectRequest request);

  /** Metadata only: no data is decrypted and the keystore is not called. */
  ObjectInfo headObject(String bucket, String key);

  /** Deletes an object; deleting one that does not exist succeeds, as in S3. */
  void deleteObject(String bucket, String key);

  ListObjectsResult listObjects(ListObjectsRequest request);

  /** Copies an object, re-encrypting it for the destination's key and context. */
  ObjectInfo copyObject(CopyObjectRequest request);
}
