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
 * dev.coffer.keystore.CofferException}s with a stable error code, but for a failing stream given to
 * {@link #putObject(PutObjectRequest, InputStream)}. Thread-safe.
 *
 * <p>No argument may be null: a null one fails with a {@link NullPointerException} before any
 * access check or audit (the embedded store's names the parameter).
 */
public interface ObjectStore {
  /** Who this store acts for: the principal every check, audit event and new bucket names. */
  Caller caller();

  // ---- buckets

  /**
   * Creates a bucket owned by the caller ({@code s3:CreateBucket}).
   *
   * @throws dev.coffer.keystore.AlreadyExistsException if a bucket of that name exists
   * @throws dev.coffer.keystore.NotFoundException if the default encryption names no key
   */
  BucketInfo createBucket(CreateBucketRequest request);

  /** Every bucket of the store, in name order ({@code s3:ListAllMyBuckets}). */
  List<BucketInfo> listBuckets();

  /**
   * Deletes an empty bucket.
   *
   * @throws dev.coffer.keystore.InvalidStateException if it still holds objects (BucketNotEmpty)
   */
  void deleteBucket(String bucket);

  /** The bucket's default encryption, its key named by ARN. */
  BucketEncryption getBucketEncryption(String bucket);

  /**
   * Sets the bucket's default encryption for objects written from now on; objects already stored
   * stay under their key ({@link RotationService#changeBucketKey} moves them).
   *
   * @throws dev.coffer.keystore.NotFoundException if the key does not exist
   */
  void putBucketEncryption(String bucket, BucketEncryption encryption);

  /**
   * Sets the bucket policy (IAM JSON, S3 actions and ARNs), replacing any.
   *
   * @throws dev.coffer.keystore.policy.MalformedPolicyException if it does not parse
   */
  void putBucketPolicy(String bucket, String policy);

  /** The bucket policy as it was put, or empty if the bucket has none. */
  Optional<String> getBucketPolicy(String bucket);

  /** Removes the bucket policy; a bucket without one is left as it is. */
  void deleteBucketPolicy(String bucket);

  /**
   * Replaces the bucket's tags with {@code tags}: at most 50, keys of 1 to 128 characters not
   * starting with {@code aws:}, values of up to 256.
   */
  void putBucketTagging(String bucket, Map<String, String> tags);

  /** The bucket's tags; empty if it has none. */
  Map<String, String> getBucketTagging(String bucket);

  // ---- objects

  /**
   * Stores {@code data} as the object, replacing any object of that key unless the request's
   * condition says otherwise.
   *
   * @throws dev.coffer.keystore.PreconditionFailedException if the request is create-only and the
   *     key is taken, or names an ETag the object no longer has; nothing is written
   * @throws dev.coffer.keystore.NotFoundException if the request names an ETag and there is no
   *     object (to a caller who may list the bucket; AccessDenied to others)
   */
  ObjectInfo putObject(PutObjectRequest request, byte[] data);

  /**
   * Streams {@code data} of any length into the object, replacing any object of that key, once the
   * stream ends; memory stays bounded by the segment size. The stream is not closed.
   *
   * @throws java.io.UncheckedIOException if reading {@code data} fails: nothing is stored and any
   *     earlier object of that key stays as it was
   * @throws dev.coffer.keystore.PreconditionFailedException as {@link #putObject(PutObjectRequest,
   *     byte[])}, checked before {@code data} is read and again when the object commits
   */
  ObjectInfo putObject(PutObjectRequest request, InputStream data);

  /**
   * Opens the object (or the requested range) for reading. The access checks, the context check and
   * the data key's unwrapping happen here; the data is decrypted as it is read. Close the returned
   * stream: it holds a snapshot of the store until then.
   *
   * @throws dev.coffer.keystore.NotFoundException if the bucket or object does not exist (a missing
   *     object only to a caller who may {@code s3:ListBucket} the bucket, as in S3)
   * @throws dev.coffer.keystore.AccessDeniedException if the caller may not read the object, or it
   *     is missing and the caller may not list the bucket
   * @throws dev.coffer.keystore.InvalidCiphertextException if the object's encryption context is
   *     not the expected one
   * @throws dev.coffer.keystore.InvalidArgumentException if the range starts past the object's end
   */
  ObjectContent getObject(GetObjectRequest request);

  /** Metadata only: no data is decrypted and the keystore is not called. */
  ObjectInfo headObject(String bucket, String key);

  /** Deletes an object; deleting one that does not exist succeeds, as in S3. */
  void deleteObject(String bucket, String key);

  /**
   * One page of the bucket's objects in key order (UTF-8 byte order, as S3), with the common
   * prefixes the delimiter rolls up ({@code s3:ListBucket}); pass the result's continuation token
   * to the next request while it is truncated.
   */
  ListObjectsResult listObjects(ListObjectsRequest request);

  /**
   * Copies an object, re-encrypting it for the destination's key and context, with the source's
   * content type and user metadata or the request's, as its {@link MetadataDirective} says. A copy
   * onto the object itself is allowed: it re-encrypts the object under a fresh data key.
   *
   * @throws dev.coffer.keystore.InvalidArgumentException if the directive is COPY and the
   *     destination request names a content type or user metadata (which the copy would not get);
   *     nothing is read or written
   * @throws dev.coffer.keystore.PreconditionFailedException if the destination request's condition
   *     fails; nothing is written
   */
  ObjectInfo copyObject(CopyObjectRequest request);
}
