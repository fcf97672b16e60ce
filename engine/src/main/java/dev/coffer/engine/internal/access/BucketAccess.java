package dev.coffer.engine.internal.access;

import dev.coffer.engine.internal.ops.EngineOperation;
import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.policy.AttachedPolicy;
import dev.coffer.keystore.policy.PolicyDecider;
import dev.coffer.keystore.policy.PolicyDecision;
import dev.coffer.keystore.policy.PolicyDocument;
import dev.coffer.keystore.policy.RequestContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bucket layer of access control: the bucket policy together with the caller's identity
 * policies, under S3's rules (same account: either suffices; another account: both must allow). The
 * key layer is the keystore's, reached when a data key is needed.
 */
public final class BucketAccess {
  private final Keystore keystore;
  private final Clock clock;
  private final String account;

  public BucketAccess(Keystore keystore, Clock clock, String account) {
    this.keystore = keystore;
    this.clock = clock;
    this.account = account;
  }

  /**
   * Authorizes an S3 action and records the explanation in the operation's audit event.
   *
   * @param bucketPolicy the bucket's policy, if it has one
   * @throws AccessDeniedException naming the bucket layer and the decision's explanation
   */
  public void authorize(
      EngineOperation op,
      String action,
      String resourceArn,
      Optional<PolicyDocument> bucketPolicy,
      Map<String, List<String>> conditionKeys) {
    Caller caller = op.caller();
    RequestContext.Builder request =
        RequestContext.builder()
            .caller(caller)
            .action(action)
            .resource(resourceArn)
            .time(clock.instant());
    conditionKeys.forEach(request::conditionKey);
    PolicyDecision decision =
        PolicyDecider.decide(
            bucketPolicy.isPresent() ? PolicyDecider.Model.S3 : PolicyDecider.Model.ACCOUNT,
            account,
            bucketPolicy.map(p -> new AttachedPolicy("bucket policy", p)),
            keystore.identityPolicies(caller.principal()),
            Optional.empty(),
            request.build());
    // Coffer's own actions (coffer:GetJob and the like) have no bucket: identity policies decide.
    String why =
        (action.startsWith("s3:") ? "bucket layer: " : "identity layer: ") + decision.explanation();
    op.explained(why);
    if (!decision.allowed()) {
      throw new AccessDeniedException(
          caller.principal()
              + " is not authorized to perform "
              + action
              + " on "
              + resourceArn
              + " ("
              + why
              + ")",
          why);
    }
  }
}
