package dev.coffer.keystore.policy;

import dev.coffer.keystore.internal.policy.PolicyEvaluation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Combines a resource policy (key policy or bucket policy), the caller's identity policies and, for
 * keys, grants into one decision, following AWS's documented evaluation logic:
 *
 * <ol>
 *   <li>An explicit Deny in any of them wins.
 *   <li>Same account: the resource policy allowing the caller by name (or {@code *}) suffices; a
 *       resource policy allowing only the account root delegates to identity policies, which must
 *       then allow. For S3, an identity policy allowing suffices on its own; for KMS it does not —
 *       a key policy without an account-root statement gives identity policies no effect on that
 *       key.
 *   <li>Another account: both the resource policy (naming the caller or its account) and an
 *       identity policy must allow.
 *   <li>A KMS grant that covers the request allows it (unless a Deny applies).
 *   <li>Otherwise: implicit deny.
 * </ol>
 */
public final class PolicyDecider {
  /** Whose rules apply. */
  public enum Model {
    /** A KMS key: the key policy must allow, directly or by delegating to identity policies. */
    KMS("key policy", false),
    /** An S3 bucket or object: the bucket policy or (same account) an identity policy suffices. */
    S3("bucket policy", true),
    /** An account-level action with no resource policy (CreateKey, ListKeys, IAM actions). */
    ACCOUNT("resource policy", true);

    private final String resourcePolicyName;
    private final boolean identitySuffices;

    Model(String resourcePolicyName, boolean identitySuffices) {
      this.resourcePolicyName = resourcePolicyName;
      this.identitySuffices = identitySuffices;
    }
  }

  private PolicyDecider() {}

  /**
   * Decides a request.
   *
   * @param resourceAccount the account that owns the key or bucket
   * @param resourcePolicy the key policy (always present for KMS) or the bucket policy
   * @param identityPolicies the caller's identity policies
   * @param grant the explanation of a grant that allows the request, if one does
   */
  public static PolicyDecision decide(
      Model model,
      String resourceAccount,
      Optional<AttachedPolicy> resourcePolicy,
      List<AttachedPolicy> identityPolicies,
      Optional<String> grant,
      RequestContext request) {
    Objects.requireNonNull(request, "request");
    Optional<PolicyEvaluation> resource =
        resourcePolicy.map(p -> p.document().compiled().evaluate(request));
    if (resource.isPresent() && resource.get().deny().isPresent()) {
      return deny(resource.get().deny().get(), resourcePolicy.get().label());
    }
    String identityAllow = null;
    String identityLabel = null;
    for (AttachedPolicy p : identityPolicies) {
      PolicyEvaluation e = p.document().compiled().evaluate(request);
      if (e.deny().isPresent()) {
        return deny(e.deny().get(), p.label());
      }
      if (identityAllow == null && e.anyAllow().isPresent()) {
        identityAllow = e.anyAllow().get();
        identityLabel = p.label();
      }
    }
    String callerAccount = request.principal().account();
    boolean sameAccount = !callerAccount.isEmpty() && callerAccount.equals(resourceAccount);
    Optional<String> direct = resource.flatMap(PolicyEvaluation::directAllow);
    Optional<String> account = resource.flatMap(PolicyEvaluation::accountAllow);
    String resourceLabel =
        resourcePolicy.map(AttachedPolicy::label).orElse(model.resourcePolicyName);
    String identity =
        identityAllow == null ? null : "statement " + identityAllow + " of the " + identityLabel;

    if (direct.isPresent() && (sameAccount || identity != null)) {
      String why = "allowed by statement " + direct.get() + " of the " + resourceLabel;
      return allow(sameAccount ? why : why + " and " + identity + " (cross-account)");
    }
    if (account.isPresent() && identity != null) {
      return allow(
          "allowed by statement "
              + account.get()
              + " of the "
              + resourceLabel
              + ", which lets the account's identity policies decide, together with "
              + identity);
    }
    if (model.identitySuffices && sameAccount && identity != null) {
      return allow("allowed by " + identity);
    }
    if (grant.isPresent()) {
      return allow("allowed by " + grant.get());
    }
    return new PolicyDecision(
        Outcome.IMPLICIT_DENY,
        implicitDenial(
            model,
            request,
            resourcePolicy,
            resourceLabel,
            sameAccount,
            direct,
            account,
            identity,
            resourceAccount));
  }

  private static String implicitDenial(
      Model model,
      RequestContext request,
      Optional<AttachedPolicy> resourcePolicy,
      String resourceLabel,
      boolean sameAccount,
      Optional<String> direct,
      Optional<String> account,
      String identity,
      String resourceAccount) {
    String what = request.principal() + " to " + request.action() + " on " + request.resource();
    if (direct.isPresent() || account.isPresent()) {
      String stmt = direct.or(() -> account).get();
      return "statement "
          + stmt
          + " of the "
          + resourceLabel
          + (sameAccount
              ? " lets the account's identity policies decide, and none of them allows "
              : " names the caller, but it is in another account, where no identity policy allows ")
          + what;
    }
    if (identity != null) {
      if (model == Model.KMS
          && resourcePolicy.isPresent()
          && !resourcePolicy.get().document().allowsAccountRoot(resourceAccount)) {
        return identity
            + " allows it, but the "
            + resourceLabel
            + " has no statement allowing the account root, so identity policies have no effect"
            + " on this key; no statement of the "
            + resourceLabel
            + " allows "
            + what;
      }
      return identity
          + " allows it, but no statement of the "
          + resourceLabel
          + " allows "
          + what
          + (sameAccount ? "" : " from another account");
    }
    if (model == Model.ACCOUNT) {
      return "no identity policy of the caller allows " + what;
    }
    return "no statement of the "
        + resourceLabel
        + (resourcePolicy.isEmpty() ? " (there is none)" : "")
        + " or of the caller's identity policies allows "
        + what;
  }

  private static PolicyDecision deny(String statement, String label) {
    return new PolicyDecision(
        Outcome.EXPLICIT_DENY, "explicitly denied by statement " + statement + " of the " + label);
  }

  private static PolicyDecision allow(String explanation) {
    return new PolicyDecision(Outcome.ALLOW, explanation);
  }
}
