package dev.coffer.keystore.internal.service;

import dev.coffer.keystore.Caller;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.internal.model.IdentityPolicy;
import dev.coffer.keystore.policy.PolicyDocument;
import dev.coffer.keystore.policy.PolicyKind;
import java.util.List;
import java.util.Optional;

/**
 * Identity policies attached to principals, IAM's inline role and user policies. Managing them is
 * authorized as the IAM actions of the principal's kind ({@code iam:PutRolePolicy} for roles and
 * assumed roles, {@code iam:PutUserPolicy} for others), on the principal's ARN.
 */
final class IdentityPolicyAdministration {
  private static final int MAX_POLICIES_PER_PRINCIPAL = 20;

  private final KeystoreCore core;

  IdentityPolicyAdministration(KeystoreCore core) {
    this.core = core;
  }

  void put(Caller caller, Principal principal, String name, String json) {
    Operation.run(
        core,
        caller,
        KmsAction.PUT_PRINCIPAL_POLICY,
        op -> {
          authorize(op, "Put", principal, name);
          String valid = validName(name);
          PolicyDocument document = PolicyDocument.parse(json, PolicyKind.IDENTITY_POLICY);
          core.store.update(
              s -> {
                if (!s.identityPolicies(principal).containsKey(valid)
                    && s.identityPolicies(principal).size() >= MAX_POLICIES_PER_PRINCIPAL) {
                  throw new InvalidArgumentException(
                      principal + " already has " + MAX_POLICIES_PER_PRINCIPAL + " policies");
                }
                return s.withIdentityPolicy(
                    new IdentityPolicy(principal, valid, document, core.now()));
              });
          core.accessRevision.incrementAndGet();
          return null;
        });
  }

  String get(Caller caller, Principal principal, String name) {
    return Operation.run(
        core,
        caller,
        KmsAction.GET_PRINCIPAL_POLICY,
        op -> {
          authorize(op, "Get", principal, name);
          return existing(principal, name).document().json();
        });
  }

  List<String> list(Caller caller, Principal principal) {
    return Operation.run(
        core,
        caller,
        KmsAction.LIST_PRINCIPAL_POLICIES,
        op -> {
          authorize(op, "List", principal, null);
          return List.copyOf(core.store.current().identityPolicies(principal).keySet());
        });
  }

  void delete(Caller caller, Principal principal, String name) {
    Operation.run(
        core,
        caller,
        KmsAction.DELETE_PRINCIPAL_POLICY,
        op -> {
          authorize(op, "Delete", principal, name);
          existing(principal, name);
          core.store.update(s -> s.withoutIdentityPolicy(principal, name));
          core.accessRevision.incrementAndGet();
          return null;
        });
  }

  private void authorize(Operation op, String verb, Principal principal, String name) {
    op.parameter("principal", principal.name());
    if (name != null) {
      op.parameter("policyName", name);
    }
    boolean role =
        principal.name().contains(":role/") || principal.name().contains(":assumed-role/");
    String action =
        "iam:" + verb + (role ? "Role" : "User") + (verb.equals("List") ? "Policies" : "Policy");
    op.authorize(action, principal.name(), Optional.empty());
  }

  private IdentityPolicy existing(Principal principal, String name) {
    IdentityPolicy p = core.store.current().identityPolicies(principal).get(name);
    if (p == null) {
      throw new NotFoundException(principal + " has no identity policy named \"" + name + "\"");
    }
    return p;
  }

  private static String validName(String name) {
    if (name == null || !name.matches("[\\w+=,.@-]{1,128}")) {
      throw new InvalidArgumentException(
          "policy names are 1 to 128 letters, digits and +=,.@_- characters");
    }
    return name;
  }
}
