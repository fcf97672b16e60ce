package dev.coffer.keystore.internal.service;

import dev.coffer.keystore.AliasEntry;
import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditSink;
import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.Ciphertext;
import dev.coffer.keystore.CreateGrantRequest;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.CreatedGrant;
import dev.coffer.keystore.DataKey;
import dev.coffer.keystore.DecryptRequest;
import dev.coffer.keystore.Decrypted;
import dev.coffer.keystore.EncryptRequest;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.GrantInfo;
import dev.coffer.keystore.KeyListEntry;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyRotation;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.KeyStatus;
import dev.coffer.keystore.KeyVersionInfo;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.ReEncryptRequest;
import dev.coffer.keystore.ReEncrypted;
import dev.coffer.keystore.RotationStatus;
import dev.coffer.keystore.TagResourceRequest;
import dev.coffer.keystore.UntagResourceRequest;
import dev.coffer.keystore.audit.AuditLog;
import dev.coffer.keystore.audit.AuditRecovery;
import dev.coffer.keystore.internal.audit.AuditLogs;
import dev.coffer.keystore.internal.audit.FileAuditLog;
import dev.coffer.keystore.internal.audit.LogRecovery;
import dev.coffer.keystore.internal.model.MasterKey;
import dev.coffer.keystore.internal.store.StateStore;
import dev.coffer.keystore.policy.AttachedPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The keystore opened on a directory: wires the store to the operation classes and hands out {@link
 * KeyService} views bound to a caller.
 */
public final class LocalKeystore implements AutoCloseable {
  private final StateStore store;
  private final KeyAdministration keys;
  private final AliasAdministration aliases;
  private final RotationAdministration rotation;
  private final DataKeyOperations dataKeys;
  private final KeyPolicyAdministration keyPolicies;
  private final GrantAdministration grants;
  private final IdentityPolicyAdministration identityPolicies;
  private final TagAdministration tags;
  private final ResourceNames names;
  private final FileAuditLog auditLog;
  private final KeystoreCore core;

  private LocalKeystore(StateStore store, KeystoreCore core, FileAuditLog auditLog) {
    this.store = store;
    this.auditLog = auditLog;
    this.names = core.names;
    this.core = core;
    MetadataViews views = new MetadataViews(core);
    this.keys = new KeyAdministration(core, views);
    this.aliases = new AliasAdministration(core, views);
    this.rotation = new RotationAdministration(core, views);
    this.dataKeys = new DataKeyOperations(core);
    this.keyPolicies = new KeyPolicyAdministration(core);
    this.grants = new GrantAdministration(core);
    this.identityPolicies = new IdentityPolicyAdministration(core);
    this.tags = new TagAdministration(core);
  }

  public static LocalKeystore open(KeystoreSettings s) {
    ResourceNames names = new ResourceNames(s.region(), s.account());
    StateStore store =
        StateStore.open(
            s.directory(),
            s.rootKey(),
            s.createIfMissing(),
            s.minimumGeneration(),
            s.storageHook());
    FileAuditLog log = null;
    try {
      // The log opens before the open-time maintenance below, so that its events are recorded.
      if (s.auditLog().isPresent()) {
        log = AuditLogs.open(s.auditLog().get(), store, s.clock(), s.auditHook());
      }
      AuditSink sink = sink(log, s.auditSink());
      store.commitGuard(sink::ensureAvailable);
      KeystoreCore core =
          new KeystoreCore(
              store,
              names,
              s.clock(),
              s.authorizer(),
              s.administrators(),
              sink,
              s.perKeyLimits(),
              s.overallLimits(),
              s.usageRotationThreshold(),
              s.usageReservationBlock());
      core.maintenance.applyAllDue();
      return new LocalKeystore(store, core, log);
    } catch (RuntimeException e) {
      if (log != null) {
        closeQuietly(log);
      }
      store.close();
      throw e;
    }
  }

  /** Recovers the damaged audit log of the keystore {@code s} describes, holding it closed. */
  public static AuditRecovery recoverAuditLog(
      KeystoreSettings s, Principal operator, String reason) {
    StateStore store =
        StateStore.open(s.directory(), s.rootKey(), false, s.minimumGeneration(), s.storageHook());
    try {
      return LogRecovery.recover(
          s.auditLog().orElseThrow(), store, s.clock(), s.auditHook(), operator, reason);
    } finally {
      store.close();
    }
  }

  /** The log, then the embedder's sink; either alone; or events discarded. */
  private static AuditSink sink(FileAuditLog log, java.util.Optional<AuditSink> embedder) {
    if (log == null) {
      return embedder.orElse(AuditSink.discarding());
    }
    if (embedder.isEmpty()) {
      return log;
    }
    AuditSink other = embedder.get();
    return new AuditSink() {
      @Override
      public void append(AuditEvent event) {
        log.append(event);
        other.append(event);
      }

      @Override
      public void ensureAvailable() {
        log.ensureAvailable();
        other.ensureAvailable();
      }
    };
  }

  private static void closeQuietly(FileAuditLog log) {
    try {
      log.close();
    } catch (RuntimeException ignored) {
      // The failure that stopped the open is the one to report.
    }
  }

  public Optional<AuditLog> auditLog() {
    return Optional.ofNullable(auditLog);
  }

  public long generation() {
    return store.generation();
  }

  public String keyArn(String keyId) {
    return names.keyArn(
        names
            .parse(keyId)
            .keyId()
            .orElseThrow(
                () -> new dev.coffer.keystore.InvalidArgumentException("not a key id: " + keyId)));
  }

  /** Appends an event of another component (engine, sidecar) to the audit trail; fails closed. */
  public void audit(AuditEvent event) {
    try {
      core.audit.append(event);
    } catch (AuditUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new AuditUnavailableException(
          "audit log unavailable: " + event.eventName() + " was refused", e);
    }
  }

  /** The identity policies in force for a principal, implicit ones included. */
  public List<AttachedPolicy> identityPolicies(Principal principal) {
    return core.policies.identityPolicies(core.store.current(), principal);
  }

  /** The status of a key named by id, alias or ARN, without authorization or audit. */
  public Optional<KeyStatus> keyStatus(String keyId) {
    try {
      MasterKey key = core.resolve(keyId);
      return Optional.of(
          new KeyStatus(
              core.arn(key), key.state(), key.primaryVersionNumber(), core.accessRevision.get()));
    } catch (NotFoundException | dev.coffer.keystore.InvalidArgumentException e) {
      return Optional.empty();
    }
  }

  public KeyService as(Caller caller) {
    return new CallerBoundService(Objects.requireNonNull(caller, "caller"));
  }

  /** Closes the audit log first: its final digest's head is recorded in the still open store. */
  @Override
  public void close() {
    try {
      if (auditLog != null) {
        auditLog.close();
      }
    } finally {
      store.close();
    }
  }

  /** A {@link KeyService} acting for one caller. */
  private final class CallerBoundService implements KeyService {
    private final Caller caller;

    CallerBoundService(Caller caller) {
      this.caller = caller;
    }

    @Override
    public Caller caller() {
      return caller;
    }

    @Override
    public KeyMetadata createKey(CreateKeyRequest request) {
      return keys.create(caller, request);
    }

    @Override
    public KeyMetadata describeKey(String keyId) {
      return keys.describe(caller, keyId);
    }

    @Override
    public List<KeyListEntry> listKeys() {
      return keys.list(caller);
    }

    @Override
    public KeyMetadata updateKeyDescription(String keyId, String description) {
      return keys.updateDescription(caller, keyId, description);
    }

    @Override
    public KeyMetadata enableKey(String keyId) {
      return keys.transition(caller, keyId, KeyLifecycle.Transition.ENABLE);
    }

    @Override
    public KeyMetadata disableKey(String keyId) {
      return keys.transition(caller, keyId, KeyLifecycle.Transition.DISABLE);
    }

    @Override
    public KeyMetadata scheduleKeyDeletion(String keyId, int pendingWindowInDays) {
      return keys.scheduleDeletion(caller, keyId, pendingWindowInDays);
    }

    @Override
    public KeyMetadata cancelKeyDeletion(String keyId) {
      return keys.transition(caller, keyId, KeyLifecycle.Transition.CANCEL_DELETION);
    }

    @Override
    public String getKeyPolicy(String keyId) {
      return keyPolicies.get(caller, keyId);
    }

    @Override
    public List<String> listKeyPolicies(String keyId) {
      return keyPolicies.list(caller, keyId);
    }

    @Override
    public void putKeyPolicy(String keyId, String policy, boolean bypassPolicyLockoutSafetyCheck) {
      keyPolicies.put(caller, keyId, policy, bypassPolicyLockoutSafetyCheck);
    }

    @Override
    public CreatedGrant createGrant(CreateGrantRequest request) {
      return grants.create(caller, request);
    }

    @Override
    public List<GrantInfo> listGrants(String keyId) {
      return grants.list(caller, keyId);
    }

    @Override
    public List<GrantInfo> listRetirableGrants(Principal retiringPrincipal) {
      return grants.listRetirable(caller, retiringPrincipal);
    }

    @Override
    public void retireGrant(String grantToken) {
      grants.retireByToken(caller, grantToken);
    }

    @Override
    public void retireGrant(String keyId, String grantId) {
      grants.retireById(caller, keyId, grantId);
    }

    @Override
    public void revokeGrant(String keyId, String grantId) {
      grants.revoke(caller, keyId, grantId);
    }

    @Override
    public void putPrincipalPolicy(Principal principal, String policyName, String document) {
      identityPolicies.put(caller, principal, policyName, document);
    }

    @Override
    public String getPrincipalPolicy(Principal principal, String policyName) {
      return identityPolicies.get(caller, principal, policyName);
    }

    @Override
    public List<String> listPrincipalPolicies(Principal principal) {
      return identityPolicies.list(caller, principal);
    }

    @Override
    public void deletePrincipalPolicy(Principal principal, String policyName) {
      identityPolicies.delete(caller, principal, policyName);
    }

    @Override
    public AliasEntry createAlias(String aliasName, String targetKeyId) {
      return aliases.create(caller, aliasName, targetKeyId);
    }

    @Override
    public AliasEntry updateAlias(String aliasName, String targetKeyId) {
      return aliases.update(caller, aliasName, targetKeyId);
    }

    @Override
    public void deleteAlias(String aliasName) {
      aliases.delete(caller, aliasName);
    }

    @Override
    public void tagResource(TagResourceRequest request) {
      tags.tag(caller, request);
    }

    @Override
    public void untagResource(UntagResourceRequest request) {
      tags.untag(caller, request);
    }

    @Override
    public SortedMap<String, String> listResourceTags(String keyId) {
      return tags.list(caller, keyId);
    }

    @Override
    public List<AliasEntry> listAliases() {
      return aliases.list(caller, Optional.empty());
    }

    @Override
    public List<AliasEntry> listAliases(String keyId) {
      return aliases.list(caller, Optional.of(keyId));
    }

    @Override
    public KeyVersionInfo rotateKeyOnDemand(String keyId) {
      return rotation.rotateOnDemand(caller, keyId);
    }

    @Override
    public RotationStatus enableKeyRotation(String keyId, int rotationPeriodInDays) {
      return rotation.enable(caller, keyId, rotationPeriodInDays);
    }

    @Override
    public RotationStatus disableKeyRotation(String keyId) {
      return rotation.disable(caller, keyId);
    }

    @Override
    public RotationStatus getKeyRotationStatus(String keyId) {
      return rotation.status(caller, keyId);
    }

    @Override
    public List<KeyRotation> listKeyRotations(String keyId) {
      return rotation.list(caller, keyId);
    }

    @Override
    public KeyMetadata updateMinDecryptionVersion(String keyId, int version) {
      return rotation.updateMinDecryptionVersion(caller, keyId, version);
    }

    @Override
    public KeyMetadata destroyKeyVersion(String keyId, int version) {
      return rotation.destroyVersion(caller, keyId, version);
    }

    @Override
    public DataKey generateDataKey(GenerateDataKeyRequest request) {
      return dataKeys.generate(caller, request);
    }

    @Override
    public Ciphertext generateDataKeyWithoutPlaintext(GenerateDataKeyRequest request) {
      return dataKeys.generateWithoutPlaintext(caller, request);
    }

    @Override
    public Ciphertext encrypt(EncryptRequest request) {
      return dataKeys.encrypt(caller, request);
    }

    @Override
    public Decrypted decrypt(DecryptRequest request) {
      return dataKeys.decrypt(caller, request);
    }

    @Override
    public ReEncrypted reEncrypt(ReEncryptRequest request) {
      return dataKeys.reEncrypt(caller, request);
    }

    @Override
    public String toString() {
      return "KeyService[" + caller.principal() + "]";
    }
  }
}
