package dev.coffer.keystore.internal.service;

import com.google.crypto.tink.subtle.Random;
import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CreateGrantRequest;
import dev.coffer.keystore.CreatedGrant;
import dev.coffer.keystore.GrantInfo;
import dev.coffer.keystore.GrantOperation;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.LimitExceededException;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.internal.model.Grant;
import dev.coffer.keystore.internal.model.MasterKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant. A grant's token is
 * returned once and kept only as a SHA-256 hash.
 */
final class GrantAdministration {
  static final int MAX_GRANTS_PER_KEY = 1000;

  private final KeystoreCore core;

  GrantAdministration(KeystoreCore core) {
    this.core = core;
  }

  CreatedGrant create(Caller caller, CreateGrantRequest request) {
    return Operation.run(
        core,
        caller,
        KmsAction.CREATE_GRANT,
        op -> {
          List<String> operations =
              request.operations().stream().map(GrantOperation::kmsName).sorted().toList();
          op.parameter("granteePrincipal", request.grantee().name())
              .parameter("operations", String.join(",", operations))
              .conditionKey("kms:GrantOperations", operations)
              .conditionKey("kms:GranteePrincipal", List.of(request.grantee().name()))
              .conditionKey(
                  "kms:GrantIsForAWSResource",
                  List.of(Boolean.toString(caller.viaService().isPresent())));
          request
              .retiringPrincipal()
              .ifPresent(
                  p -> {
                    op.parameter("retiringPrincipal", p.name());
                    op.conditionKey("kms:RetiringPrincipal", List.of(p.name()));
                  });
          MasterKey key = core.resolve(request.keyId());
          op.namedBy(request.keyId()).key(key);
          op.authorize(key);
          requireGrantable(key);
          String grantId = HexFormat.of().formatHex(Random.randBytes(32));
          String token =
              "cg1." + Base64.getUrlEncoder().withoutPadding().encodeToString(Random.randBytes(32));
          Grant grant =
              new Grant(
                  grantId,
                  request.name(),
                  request.grantee(),
                  request.retiringPrincipal(),
                  Set.copyOf(operations),
                  request.constraintEquals(),
                  request.constraintSubset(),
                  caller.principal(),
                  core.now(),
                  sha256(token));
          op.parameter("grantId", grantId);
          core.updateKey(
              key.id(),
              k -> {
                requireGrantable(k);
                if (k.grants().size() >= MAX_GRANTS_PER_KEY) {
                  throw new LimitExceededException(
                      core.arn(k) + " already has " + MAX_GRANTS_PER_KEY + " grants");
                }
                List<Grant> grants = new ArrayList<>(k.grants());
                grants.add(grant);
                return k.withGrants(grants);
              });
          core.accessRevision.incrementAndGet();
          return new CreatedGrant(grantId, token);
        });
  }

  List<GrantInfo> list(Caller caller, String keyId) {
    return Operation.onKey(
        core,
        caller,
        KmsAction.LIST_GRANTS,
        keyId,
        (op, key) -> key.grants().stream().map(g -> view(key, g)).toList());
  }

  List<GrantInfo> listRetirable(Caller caller, Principal retiringPrincipal) {
    return Operation.run(
        core,
        caller,
        KmsAction.LIST_RETIRABLE_GRANTS,
        op -> {
          op.parameter("retiringPrincipal", retiringPrincipal.name());
          op.authorize(null);
          List<GrantInfo> out = new ArrayList<>();
          for (MasterKey key : core.store.current().keys().values()) {
            for (Grant g : key.grants()) {
              if (g.retiringPrincipal().equals(Optional.of(retiringPrincipal))) {
                out.add(view(key, g));
              }
            }
          }
          return out;
        });
  }

  /** Retires by token. Who may: the retiring principal, a grantee allowed RetireGrant, the root. */
  void retireByToken(Caller caller, String token) {
    Operation.run(
        core,
        caller,
        KmsAction.RETIRE_GRANT,
        op -> {
          byte[] hash = sha256(token);
          for (MasterKey key : core.store.current().keys().values()) {
            for (Grant g : key.grants()) {
              if (MessageDigest.isEqual(hash, g.tokenSha256())) {
                retire(op, caller, key, g);
                return null;
              }
            }
          }
          throw new NotFoundException("no grant has this grant token");
        });
  }

  void retireById(Caller caller, String keyId, String grantId) {
    Operation.run(
        core,
        caller,
        KmsAction.RETIRE_GRANT,
        op -> {
          MasterKey key = core.resolve(keyId);
          op.namedBy(keyId).key(key);
          retire(op, caller, key, grant(key, grantId));
          return null;
        });
  }

  void revoke(Caller caller, String keyId, String grantId) {
    Operation.onKey(
        core,
        caller,
        KmsAction.REVOKE_GRANT,
        keyId,
        Map.of("grantId", grantId),
        (op, key) -> {
          remove(key, grant(key, grantId));
          return null;
        });
  }

  private void retire(Operation op, Caller caller, MasterKey key, Grant g) {
    op.key(key).parameter("grantId", g.grantId());
    Principal who = caller.principal();
    boolean retiring = g.retiringPrincipal().equals(Optional.of(who));
    boolean grantee =
        g.grantee().equals(who) && g.operations().contains(GrantOperation.RETIRE_GRANT.kmsName());
    boolean root = who.equals(Principal.accountRoot(core.names.account()));
    if (!retiring && !grantee && !root) {
      throw new AccessDeniedException(
          who
              + " may not retire grant "
              + g.grantId()
              + ": only its retiring principal, its grantee when the grant includes RetireGrant,"
              + " or the account root may");
    }
    op.explain(
        retiring
            ? "allowed: the caller is the grant's retiring principal"
            : grantee
                ? "allowed: the caller is the grantee and the grant includes RetireGrant"
                : "allowed: the account root may retire any grant");
    remove(key, g);
  }

  private void remove(MasterKey key, Grant g) {
    core.accessRevision.incrementAndGet();
    core.store.update(
        s ->
            s.key(key.id())
                .map(
                    k ->
                        s.withKey(
                            k.withGrants(
                                k.grants().stream()
                                    .filter(x -> !x.grantId().equals(g.grantId()))
                                    .toList())))
                .orElse(s));
  }

  private Grant grant(MasterKey key, String grantId) {
    return key.grants().stream()
        .filter(g -> g.grantId().equals(grantId))
        .findFirst()
        .orElseThrow(() -> new NotFoundException(core.arn(key) + " has no grant " + grantId));
  }

  private void requireGrantable(MasterKey key) {
    KeyLifecycle.requireNotDestroyed(key, core.arn(key));
    if (key.state() == KeyState.PENDING_DELETION) {
      throw new InvalidStateException(core.arn(key) + " is PendingDeletion; it takes no grants");
    }
  }

  private GrantInfo view(MasterKey key, Grant g) {
    Set<GrantOperation> ops = EnumSet.noneOf(GrantOperation.class);
    g.operations().forEach(name -> ops.add(GrantOperation.fromKmsName(name)));
    return new GrantInfo(
        core.arn(key),
        g.grantId(),
        g.name(),
        g.grantee(),
        g.retiringPrincipal(),
        ops,
        g.constraintEquals(),
        g.constraintSubset(),
        g.issuer(),
        g.created());
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
