package dev.coffer.keystore.internal.service;

import dev.coffer.keystore.AccessDecision;
import dev.coffer.keystore.AccessRequest;
import dev.coffer.keystore.Authorizer;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.internal.model.Alias;
import dev.coffer.keystore.internal.model.Grant;
import dev.coffer.keystore.internal.model.IdentityPolicy;
import dev.coffer.keystore.internal.model.KeystoreSnapshot;
import dev.coffer.keystore.internal.model.MasterKey;
import dev.coffer.keystore.internal.store.StateStore;
import dev.coffer.keystore.policy.AttachedPolicy;
import dev.coffer.keystore.policy.KeyPolicies;
import dev.coffer.keystore.policy.PolicyDecider;
import dev.coffer.keystore.policy.PolicyDecision;
import dev.coffer.keystore.policy.PolicyDocument;
import dev.coffer.keystore.policy.PolicyKind;
import dev.coffer.keystore.policy.RequestContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The default authorizer: key policies, grants and identity policies from the keystore, combined by
 * {@link PolicyDecider}. The account root and configured administrators carry an implicit identity
 * policy allowing everything (the root user's powers in AWS), so a key whose policy allows the
 * account root is theirs to use; a key policy that leaves the root out locks them out too, as in
 * KMS.
 */
final class PolicyAuthorizer implements Authorizer {
  private static final String ALLOW_ALL =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
          + "\"Resource\":\"*\"}]}";

  private final StateStore store;
  private final ResourceNames names;
  private final Clock clock;
  private final Set<Principal> administrators;
  private final Principal accountRoot;
  private final PolicyDocument defaultKeyPolicy;
  private final PolicyDocument allowAll;

  PolicyAuthorizer(
      StateStore store, ResourceNames names, Clock clock, Set<Principal> administrators) {
    this.store = store;
    this.names = names;
    this.clock = clock;
    this.administrators = Set.copyOf(administrators);
    this.accountRoot = Principal.accountRoot(names.account());
    this.defaultKeyPolicy =
        PolicyDocument.parse(KeyPolicies.defaultFor(names.account()), PolicyKind.KEY_POLICY);
    this.allowAll = PolicyDocument.parse(ALLOW_ALL, PolicyKind.IDENTITY_POLICY);
  }

  /** The key policy in force for {@code key}: its own, or the default. */
  PolicyDocument keyPolicy(MasterKey key) {
    return key.keyPolicy().orElse(defaultKeyPolicy);
  }

  @Override
  public AccessDecision authorize(AccessRequest request) {
    PolicyDecision d = decide(request, Optional.empty());
    return new AccessDecision(d.allowed(), d.explanation());
  }

  /**
   * KMS's lockout safety check: could {@code caller} still change the policy of {@code keyArn} if
   * it were {@code policy}? Grants do not count: they cannot allow PutKeyPolicy.
   */
  PolicyDecision wouldAllowPolicyChange(
      Caller caller, UUID keyId, Map<String, String> keyTags, PolicyDocument policy) {
    AccessRequest request =
        new AccessRequest(
            caller,
            "kms:PutKeyPolicy",
            names.keyArn(keyId),
            Optional.empty(),
            EncryptionContext.empty(),
            Map.of());
    return PolicyDecider.decide(
        PolicyDecider.Model.KMS,
        names.account(),
        Optional.of(new AttachedPolicy("new key policy", policy)),
        identityPolicies(store.current(), caller.principal()),
        Optional.empty(),
        context(request, keyTags, () -> aliasesOf(store.current(), keyId)));
  }

  /** Decides as if the key had {@code keyPolicyOverride}. */
  PolicyDecision decide(AccessRequest request, Optional<PolicyDocument> keyPolicyOverride) {
    KeystoreSnapshot snapshot = store.current();
    Optional<MasterKey> key = request.keyId().flatMap(id -> snapshot.key(UUID.fromString(id)));
    RequestContext context =
        key.isEmpty()
            ? context(request, Map.of(), List::of)
            : context(request, key.get().tags(), () -> aliasesOf(snapshot, key.get().id()));
    List<AttachedPolicy> identity = identityPolicies(snapshot, request.caller().principal());
    if (key.isEmpty()) {
      return PolicyDecider.decide(
          PolicyDecider.Model.ACCOUNT,
          names.account(),
          Optional.empty(),
          identity,
          Optional.empty(),
          context);
    }
    PolicyDocument keyPolicy = keyPolicyOverride.orElseGet(() -> keyPolicy(key.get()));
    return PolicyDecider.decide(
        PolicyDecider.Model.KMS,
        names.account(),
        Optional.of(new AttachedPolicy("key policy", keyPolicy)),
        identity,
        grantAllowing(key.get(), context, request.encryptionContext()),
        context);
  }

  List<AttachedPolicy> identityPolicies(KeystoreSnapshot snapshot, Principal principal) {
    List<AttachedPolicy> out = new ArrayList<>();
    if (principal.equals(accountRoot)) {
      out.add(new AttachedPolicy("implicit policy of the account root", allowAll));
    } else if (administrators.contains(principal)) {
      out.add(
          new AttachedPolicy("implicit policy of keystore administrator " + principal, allowAll));
    }
    for (IdentityPolicy p : snapshot.identityPolicies(principal).values()) {
      out.add(
          new AttachedPolicy("identity policy \"" + p.name() + "\" of " + principal, p.document()));
    }
    return out;
  }

  private RequestContext context(
      AccessRequest request, Map<String, String> keyTags, Supplier<List<String>> keyAliases) {
    Caller caller = request.caller();
    Principal principal = caller.principal();
    RequestContext.Builder b =
        RequestContext.builder()
            .caller(caller)
            .action(request.action())
            .resource(request.resource())
            .encryptionContext(request.encryptionContext())
            .resourceTags(keyTags)
            .resourceAliases(keyAliases)
            .time(clock.instant());
    if (!principal.account().isEmpty()) {
      b.conditionKey("kms:CallerAccount", principal.account());
    }
    caller.viaService().ifPresent(s -> b.conditionKey("kms:ViaService", s));
    request.conditionKeys().forEach(b::conditionKey);
    return b.build();
  }

  /** The aliases pointing at a key, for {@code kms:ResourceAliases}. */
  private static List<String> aliasesOf(KeystoreSnapshot snapshot, UUID keyId) {
    List<String> out = new ArrayList<>();
    for (Alias a : snapshot.aliases().values()) {
      if (a.targetKeyId().equals(keyId)) {
        out.add(a.name());
      }
    }
    return out;
  }

  /** The grant that allows this request, if any: grantee, operation and constraints all fit. */
  private Optional<String> grantAllowing(
      MasterKey key, RequestContext context, EncryptionContext encryptionContext) {
    if (key.grants().isEmpty() || !context.action().startsWith("kms:")) {
      return Optional.empty();
    }
    String operation = context.action().substring(4);
    String principal = context.principal().name();
    for (Grant g : key.grants()) {
      boolean grantee =
          g.grantee().name().equals(principal)
              || (context.roleArn() != null && g.grantee().name().equals(context.roleArn()));
      // A grant that allows CreateGrant allows only grants for operations it has itself.
      boolean delegable =
          !operation.equals("CreateGrant")
              || g.operations().containsAll(context.values("kms:GrantOperations"));
      if (grantee
          && g.operations().contains(operation)
          && delegable
          && constraintsHold(g, encryptionContext)) {
        return Optional.of(
            "grant "
                + g.grantId()
                + (g.name().isEmpty() ? "" : " (\"" + g.name() + "\")")
                + " to "
                + g.grantee());
      }
    }
    return Optional.empty();
  }

  /** Constraint keys compare case-insensitively and values exactly, as KMS. */
  static boolean constraintsHold(Grant g, EncryptionContext context) {
    Map<String, String> actual = lowerKeys(context.asMap());
    if (!g.constraintEquals().isEmpty()) {
      return actual.equals(lowerKeys(g.constraintEquals()));
    }
    for (Map.Entry<String, String> e : lowerKeys(g.constraintSubset()).entrySet()) {
      if (!e.getValue().equals(actual.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, String> lowerKeys(Map<String, String> map) {
    Map<String, String> out = new java.util.HashMap<>();
    map.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
    return out;
  }
}
