package dev.coffer.keystore.internal.service;

import dev.coffer.keystore.Caller;
import dev.coffer.keystore.policy.KeyPolicies;
import dev.coffer.keystore.policy.PolicyDecision;
import dev.coffer.keystore.policy.PolicyDocument;
import dev.coffer.keystore.policy.PolicyKind;
import dev.coffer.keystore.policy.PolicyLockoutException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** GetKeyPolicy, ListKeyPolicies and PutKeyPolicy, with KMS's lockout safety check. */
final class KeyPolicyAdministration {
  private final KeystoreCore core;

  KeyPolicyAdministration(KeystoreCore core) {
    this.core = core;
  }

  String get(Caller caller, String keyId) {
    return Operation.onKey(
        core,
        caller,
        KmsAction.GET_KEY_POLICY,
        keyId,
        Map.of("policyName", KeyPolicies.DEFAULT_POLICY_NAME),
        (op, key) -> core.policies.keyPolicy(key).json());
  }

  List<String> list(Caller caller, String keyId) {
    return Operation.onKey(
        core,
        caller,
        KmsAction.LIST_KEY_POLICIES,
        keyId,
        (op, key) -> List.of(KeyPolicies.DEFAULT_POLICY_NAME));
  }

  void put(Caller caller, String keyId, String json, boolean bypassLockoutCheck) {
    Operation.onKey(
        core,
        caller,
        KmsAction.PUT_KEY_POLICY,
        keyId,
        Map.of(
            "policyName",
            KeyPolicies.DEFAULT_POLICY_NAME,
            "bypassPolicyLockoutSafetyCheck",
            Boolean.toString(bypassLockoutCheck)),
        (op, key) -> {
          KeyLifecycle.requireNotDestroyed(key, core.arn(key));
          PolicyDocument policy = PolicyDocument.parse(json, PolicyKind.KEY_POLICY);
          if (!bypassLockoutCheck) {
            checkLockout(core, caller, key.id(), key.tags(), policy);
          }
          core.updateKey(key.id(), k -> k.withKeyPolicy(policy));
          core.accessRevision.incrementAndGet();
          return null;
        });
  }

  /**
   * Refuses a key policy under which the caller could not change the policy again, as KMS does
   * unless BypassPolicyLockoutSafetyCheck is set.
   */
  static void checkLockout(
      KeystoreCore core,
      Caller caller,
      UUID keyId,
      Map<String, String> keyTags,
      PolicyDocument policy) {
    PolicyDecision d = core.policies.wouldAllowPolicyChange(caller, keyId, keyTags, policy);
    if (!d.allowed()) {
      throw new PolicyLockoutException(
          "the new key policy will not allow "
              + caller.principal()
              + " to update the key policy in the future ("
              + d.explanation()
              + "); bypass the policy lockout safety check to install it anyway");
    }
  }
}
