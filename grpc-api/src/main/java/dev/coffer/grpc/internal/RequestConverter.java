package dev.coffer.grpc.internal;

import dev.coffer.api.v1.CopyObjectRequest;
import dev.coffer.api.v1.CreateBucketRequest;
import dev.coffer.api.v1.CreateGrantRequest;
import dev.coffer.api.v1.CreateKeyRequest;
import dev.coffer.api.v1.DecryptRequest;
import dev.coffer.api.v1.EncryptRequest;
import dev.coffer.api.v1.GenerateDataKeyRequest;
import dev.coffer.api.v1.GetObjectRequest;
import dev.coffer.api.v1.ListObjectsRequest;
import dev.coffer.api.v1.ListPrincipalPoliciesRequest;
import dev.coffer.api.v1.ListRetirableGrantsRequest;
import dev.coffer.api.v1.ObjectWrite;
import dev.coffer.api.v1.PrincipalPolicyRequest;
import dev.coffer.api.v1.PutBucketEncryptionRequest;
import dev.coffer.api.v1.PutPrincipalPolicyRequest;
import dev.coffer.api.v1.ReEncryptRequest;
import dev.coffer.api.v1.RetireGrantRequest;
import dev.coffer.api.v1.Tag;
import dev.coffer.api.v1.TagResourceRequest;
import dev.coffer.api.v1.UntagResourceRequest;
import dev.coffer.api.v1.WaitForJobRequest;
import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.Coffer;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the request messages of the object, bucket, job and key services into the engine's and
 * keystore's request types. A message it refuses (an enum number it does not know, a bucket name or
 * object key S3 refuses, a bad range, metadata over the limit) never reaches the operation that
 * would have recorded it, so it is recorded here ({@link RejectedRequests}) as the failure of that
 * operation's event, then thrown.
 *
 * <p>Each method names that event: the engine's or keystore's event name and read-only flag, and
 * the parameters the message names things by (bucket, object key, key id, principal), under the
 * names the operation gives them. Never plaintext, ciphertext, encryption context, a policy
 * document, a tag or a grant token: what a refused request puts on the trail can be checked here at
 * a glance. Requests passed on without conversion (plain strings and numbers) are not here: the
 * operation itself checks and records them.
 */
final class RequestConverter {
  private final RejectedRequests rejected;

  RequestConverter(RejectedRequests rejected) {
    this.rejected = rejected;
  }

  /** A converter whose refusals go to {@code coffer}'s audit log, timed by the system clock. */
  static RequestConverter recordingTo(Coffer coffer) {
    return new RequestConverter(new RejectedRequests(coffer.keystore(), Clock.systemUTC()));
  }

  // ---- buckets

  dev.coffer.engine.CreateBucketRequest createBucket(CreateBucketRequest r) {
    return rejected.convert(
        r,
        m -> RequestEvent.engine("CreateBucket", false).with("bucket", m.getName()),
        ObjectCodec::fromProto);
  }

  BucketEncryption putBucketEncryption(PutBucketEncryptionRequest r) {
    return rejected.convert(
        r,
        m -> RequestEvent.engine("PutBucketEncryption", false).with("bucket", m.getBucket()),
        m -> ObjectCodec.fromProto(m.getEncryption()));
  }

  // ---- objects

  /** The header of a PutObject stream. */
  dev.coffer.engine.PutObjectRequest putObject(ObjectWrite header) {
    return rejected.convert(header, RequestConverter::putObjectEvent, ObjectCodec::fromProto);
  }

  /**
   * Records a PutObject stream refused for its shape ({@code why}), and returns what to answer.
   *
   * @param header the stream's header, or the default instance if none came
   */
  RuntimeException refusedPutObject(ObjectWrite header, String why) {
    return rejected.refused(putObjectEvent(header), new InvalidArgumentException(why));
  }

  private static RequestEvent putObjectEvent(ObjectWrite header) {
    return RequestEvent.engine("PutObject", false)
        .with("bucket", header.getBucket())
        .with("key", header.getKey());
  }

  dev.coffer.engine.GetObjectRequest getObject(GetObjectRequest r) {
    return rejected.convert(
        r,
        m ->
            RequestEvent.engine("GetObject", true)
                .with("bucket", m.getBucket())
                .with("key", m.getKey()),
        ObjectCodec::fromProto);
  }

  dev.coffer.engine.ListObjectsRequest listObjects(ListObjectsRequest r) {
    return rejected.convert(
        r,
        m ->
            RequestEvent.engine("ListObjects", true)
                .with("bucket", m.getBucket())
                .with("prefix", m.getPrefix()),
        ObjectCodec::fromProto);
  }

  dev.coffer.engine.CopyObjectRequest copyObject(CopyObjectRequest r) {
    return rejected.convert(
        r,
        m ->
            RequestEvent.engine("CopyObject", false)
                .with("bucket", m.getDestination().getBucket())
                .with("key", m.getDestination().getKey())
                .with("sourceBucket", m.getSourceBucket())
                .with("sourceKey", m.getSourceKey()),
        ObjectCodec::fromProto);
  }

  // ---- jobs

  /**
   * How long WaitForJob may wait; zero when the request sets no timeout. The engine records the
   * wait as a GetJob, so a refused one is a GetJob too.
   */
  Duration waitForJob(WaitForJobRequest r) {
    return rejected.convert(
        r,
        m -> RequestEvent.engine("GetJob", true).with("jobId", m.getJobId()),
        m -> m.hasTimeout() ? Times.fromRequest(m.getTimeout()) : Duration.ZERO);
  }

  // ---- keys, grants, identity policies and tags

  dev.coffer.keystore.CreateKeyRequest createKey(CreateKeyRequest r) {
    return rejected.convert(r, m -> RequestEvent.keystore("CreateKey", false), KeyCodec::fromProto);
  }

  dev.coffer.keystore.CreateGrantRequest createGrant(CreateGrantRequest r) {
    return rejected.convert(
        r,
        m ->
            RequestEvent.keystore("CreateGrant", false)
                .with("keyId", m.getKeyId())
                .with("granteePrincipal", m.getGranteePrincipal())
                .with("retiringPrincipal", m.getRetiringPrincipal()),
        KeyCodec::fromProto);
  }

  Principal listRetirableGrants(ListRetirableGrantsRequest r) {
    return rejected.convert(
        r,
        m ->
            RequestEvent.keystore("ListRetirableGrants", true)
                .with("retiringPrincipal", m.getRetiringPrincipal()),
        m -> Principal.of(m.getRetiringPrincipal()));
  }

  /** The request, once it names a grant: by its token, or by key and grant id. */
  RetireGrantRequest retireGrant(RetireGrantRequest r) {
    return rejected.convert(
        r,
        // Never the token: it lets whoever holds it use the grant.
        m ->
            RequestEvent.keystore("RetireGrant", false)
                .with("keyId", m.getGrantName().getKeyId())
                .with("grantId", m.getGrantName().getGrantId()),
        m -> {
          if (m.getGrantCase() == RetireGrantRequest.GrantCase.GRANT_NOT_SET) {
            throw new InvalidArgumentException(
                "RetireGrant needs a grant token, or a key and grant id");
          }
          return m;
        });
  }

  Principal putPrincipalPolicy(PutPrincipalPolicyRequest r) {
    return rejected.convert(
        r,
        m ->
            RequestEvent.keystore("PutPrincipalPolicy", false)
                .with("principal", m.getPrincipal())
                .with("policyName", m.getPolicyName()),
        m -> Principal.of(m.getPrincipal()));
  }

  Principal getPrincipalPolicy(PrincipalPolicyRequest r) {
    return principalOfPolicy("GetPrincipalPolicy", true, r);
  }

  Principal deletePrincipalPolicy(PrincipalPolicyRequest r) {
    return principalOfPolicy("DeletePrincipalPolicy", false, r);
  }

  private Principal principalOfPolicy(
      String eventName, boolean readOnly, PrincipalPolicyRequest r) {
    return rejected.convert(
        r,
        m ->
            RequestEvent.keystore(eventName, readOnly)
                .with("principal", m.getPrincipal())
                .with("policyName", m.getPolicyName()),
        m -> Principal.of(m.getPrincipal()));
  }

  Principal listPrincipalPolicies(ListPrincipalPoliciesRequest r) {
    return rejected.convert(
        r,
        m ->
            RequestEvent.keystore("ListPrincipalPolicies", true)
                .with("principal", m.getPrincipal()),
        m -> Principal.of(m.getPrincipal()));
  }

  dev.coffer.keystore.TagResourceRequest tagResource(TagResourceRequest r) {
    return rejected.convert(
        r,
        m -> RequestEvent.keystore("TagResource", false).with("keyId", m.getKeyId()),
        m -> {
          Map<String, String> tags = new LinkedHashMap<>();
          for (Tag t : m.getTagsList()) {
            if (tags.put(t.getTagKey(), t.getTagValue()) != null) {
              throw new InvalidArgumentException("tag key " + t.getTagKey() + " is given twice");
            }
          }
          return dev.coffer.keystore.TagResourceRequest.of(m.getKeyId(), tags);
        });
  }

  dev.coffer.keystore.UntagResourceRequest untagResource(UntagResourceRequest r) {
    return rejected.convert(
        r,
        m -> RequestEvent.keystore("UntagResource", false).with("keyId", m.getKeyId()),
        m -> dev.coffer.keystore.UntagResourceRequest.of(m.getKeyId(), m.getTagKeysList()));
  }

  // ---- cryptography

  dev.coffer.keystore.GenerateDataKeyRequest generateDataKey(GenerateDataKeyRequest r) {
    return rejected.convert(
        r,
        m -> RequestEvent.keystore("GenerateDataKey", true).with("keyId", m.getKeyId()),
        CryptoCodec::fromProto);
  }

  dev.coffer.keystore.GenerateDataKeyRequest generateDataKeyWithoutPlaintext(
      GenerateDataKeyRequest r) {
    return rejected.convert(
        r,
        m ->
            RequestEvent.keystore("GenerateDataKeyWithoutPlaintext", true)
                .with("keyId", m.getKeyId()),
        CryptoCodec::fromProto);
  }

  /** {@code plaintext} is the caller's copy of the message's bytes, which it zeroes. */
  dev.coffer.keystore.EncryptRequest encrypt(EncryptRequest r, byte[] plaintext) {
    return rejected.convert(
        r,
        m -> RequestEvent.keystore("Encrypt", true).with("keyId", m.getKeyId()),
        m -> CryptoCodec.fromProto(m, plaintext));
  }

  dev.coffer.keystore.DecryptRequest decrypt(DecryptRequest r) {
    return rejected.convert(
        r,
        m -> RequestEvent.keystore("Decrypt", true).with("keyId", m.getKeyId()),
        CryptoCodec::fromProto);
  }

  dev.coffer.keystore.ReEncryptRequest reEncrypt(ReEncryptRequest r) {
    return rejected.convert(
        r,
        m ->
            RequestEvent.keystore("ReEncrypt", true)
                .with("sourceKeyId", m.getSourceKeyId())
                .with("destinationKeyId", m.getDestinationKeyId()),
        CryptoCodec::fromProto);
  }
}
