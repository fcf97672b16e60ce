package dev.coffer.engine.internal.access;

import dev.coffer.format.v1.BucketRecord;
import dev.coffer.keystore.policy.PolicyDocument;
import dev.coffer.keystore.policy.PolicyKind;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Compiled bucket policies, so that a policy is parsed once, not on every request. */
public final class BucketPolicyCache {
  private record Compiled(String json, PolicyDocument document) {}

  private final ConcurrentHashMap<String, Compiled> byBucket = new ConcurrentHashMap<>();

  public Optional<PolicyDocument> policyOf(BucketRecord bucket) {
    if (bucket.getPolicy().isEmpty()) {
      return Optional.empty();
    }
    Compiled c = byBucket.get(bucket.getName());
    if (c == null || !c.json().equals(bucket.getPolicy())) {
      c =
          new Compiled(
              bucket.getPolicy(),
              PolicyDocument.parse(bucket.getPolicy(), PolicyKind.BUCKET_POLICY));
      byBucket.put(bucket.getName(), c);
    }
    return Optional.of(c.document());
  }
}
