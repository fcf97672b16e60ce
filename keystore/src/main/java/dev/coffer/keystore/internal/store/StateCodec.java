package dev.coffer.keystore.internal.store;

import com.google.protobuf.ByteString;
import dev.coffer.format.v1.AliasRecord;
import dev.coffer.format.v1.AuditStateRecord;
import dev.coffer.format.v1.GrantRecord;
import dev.coffer.format.v1.IdentityPolicyRecord;
import dev.coffer.format.v1.KeyStateRecord;
import dev.coffer.format.v1.KeyVersionRecord;
import dev.coffer.format.v1.KeystoreState;
import dev.coffer.format.v1.MasterKeyRecord;
import dev.coffer.format.v1.VersionOriginRecord;
import dev.coffer.format.v1.VersionStateRecord;
import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.VersionOrigin;
import dev.coffer.keystore.VersionState;
import dev.coffer.keystore.internal.crypto.KeyMaterial;
import dev.coffer.keystore.internal.model.Alias;
import dev.coffer.keystore.internal.model.AuditState;
import dev.coffer.keystore.internal.model.Grant;
import dev.coffer.keystore.internal.model.IdentityPolicy;
import dev.coffer.keystore.internal.model.KeyVersion;
import dev.coffer.keystore.internal.model.KeystoreSnapshot;
import dev.coffer.keystore.internal.model.MasterKey;
import dev.coffer.keystore.policy.PolicyDocument;
import dev.coffer.keystore.policy.PolicyKind;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Translates between the in-memory model and the {@code coffer.format.v1} records. Decoding
 * validates everything a reader relies on, so a snapshot that decodes is internally consistent.
 */
final class StateCodec {
  private StateCodec() {}

  /** Thrown when stored state is inconsistent; the caller reports it as corruption. */
  static final class MalformedStateException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedStateException(String message) {
      super(message);
    }
  }

  static KeystoreState encode(KeystoreSnapshot snapshot) {
    KeystoreState.Builder state = KeystoreState.newBuilder().setGeneration(snapshot.generation());
    for (MasterKey key : snapshot.keys().values()) {
      state.addKeys(encodeKey(key));
    }
    for (Alias alias : snapshot.aliases().values()) {
      state.addAliases(
          AliasRecord.newBuilder()
              .setAliasName(alias.name())
              .setTargetKeyId(alias.targetKeyId().toString())
              .setCreationEpochMillis(alias.created().toEpochMilli())
              .setLastUpdatedEpochMillis(alias.lastUpdated().toEpochMilli()));
    }
    snapshot
        .identityPolicies()
        .forEach(
            (principal, named) ->
                named
                    .values()
                    .forEach(
                        p ->
                            state.addIdentityPolicies(
                                IdentityPolicyRecord.newBuilder()
                                    .setPrincipal(principal.name())
                                    .setPolicyName(p.name())
                                    .setDocument(p.document().json())
                                    .setUpdatedEpochMillis(p.updated().toEpochMilli()))));
    snapshot.auditState().ifPresent(a -> state.setAudit(encodeAudit(a)));
    return state.build();
  }

  private static AuditStateRecord encodeAudit(AuditState audit) {
    AuditStateRecord.Builder b =
        AuditStateRecord.newBuilder()
            .setSigningKeyset(ByteString.copyFrom(audit.signingKeyset()))
            .setContextHmacKey(ByteString.copyFrom(audit.contextHmacKey()));
    audit
        .head()
        .ifPresent(
            h ->
                b.setHeadSequence(h.sequence())
                    .setHeadHash(ByteString.copyFrom(h.hash()))
                    .setHeadRecordedEpochMillis(h.recorded().toEpochMilli()));
    return b.build();
  }

  private static java.util.Optional<AuditState> decodeAudit(KeystoreState state)
      throws MalformedStateException {
    if (!state.hasAudit()) {
      return java.util.Optional.empty();
    }
    AuditStateRecord r = state.getAudit();
    if (r.getSigningKeyset().isEmpty() || r.getContextHmacKey().size() != 32) {
      throw new MalformedStateException("audit keys are incomplete");
    }
    java.util.Optional<AuditState.Head> head = java.util.Optional.empty();
    if (r.getHeadSequence() > 0) {
      if (r.getHeadHash().size() != 32) {
        throw new MalformedStateException("audit head has no hash");
      }
      head =
          java.util.Optional.of(
              new AuditState.Head(
                  r.getHeadSequence(),
                  r.getHeadHash().toByteArray(),
                  instant(r.getHeadRecordedEpochMillis())));
    }
    return java.util.Optional.of(
        new AuditState(
            r.getSigningKeyset().toByteArray(), r.getContextHmacKey().toByteArray(), head));
  }

  static KeystoreSnapshot decode(KeystoreState state) throws MalformedStateException {
    Map<UUID, MasterKey> keys = new LinkedHashMap<>();
    for (MasterKeyRecord record : state.getKeysList()) {
      MasterKey key = decodeKey(record);
      if (keys.put(key.id(), key) != null) {
        throw new MalformedStateException("duplicate key " + key.id());
      }
    }
    Map<String, Alias> aliases = new TreeMap<>();
    for (AliasRecord record : state.getAliasesList()) {
      UUID target = uuid(record.getTargetKeyId());
      if (!keys.containsKey(target)) {
        throw new MalformedStateException("alias " + record.getAliasName() + " has no key");
      }
      aliases.put(
          record.getAliasName(),
          new Alias(
              record.getAliasName(),
              target,
              instant(record.getCreationEpochMillis()),
              instant(record.getLastUpdatedEpochMillis())));
    }
    Map<Principal, Map<String, IdentityPolicy>> identity = new LinkedHashMap<>();
    for (IdentityPolicyRecord r : state.getIdentityPoliciesList()) {
      Principal principal = principal(r.getPrincipal(), "identity policy principal");
      PolicyDocument document =
          policy(r.getDocument(), PolicyKind.IDENTITY_POLICY, r.getPolicyName());
      identity
          .computeIfAbsent(principal, p -> new TreeMap<>())
          .put(
              r.getPolicyName(),
              new IdentityPolicy(
                  principal, r.getPolicyName(), document, instant(r.getUpdatedEpochMillis())));
    }
    return new KeystoreSnapshot(state.getGeneration(), keys, aliases, identity, decodeAudit(state));
  }

  private static MasterKeyRecord encodeKey(MasterKey key) {
    MasterKeyRecord.Builder b =
        MasterKeyRecord.newBuilder()
            .setKeyId(key.id().toString())
            .setDescription(key.description())
            .setCreator(key.creator().name())
            .setCreationEpochMillis(key.created().toEpochMilli())
            .setState(KeyStateRecord.forNumber(key.state().ordinal() + 1))
            .setStateChangedEpochMillis(key.stateChanged().toEpochMilli())
            .setPendingWindowDays(key.pendingWindowDays())
            .putAllTags(key.tags())
            .setPrimaryVersion(key.primaryVersionNumber())
            .setMinDecryptionVersion(key.minDecryptionVersion())
            .setRotationEnabled(key.rotationEnabled())
            .setRotationPeriodDays(key.rotationPeriodDays());
    key.deletionDate().ifPresent(d -> b.setDeletionEpochMillis(d.toEpochMilli()));
    key.destroyedDate().ifPresent(d -> b.setDestroyedEpochMillis(d.toEpochMilli()));
    key.nextRotation().ifPresent(d -> b.setNextRotationEpochMillis(d.toEpochMilli()));
    key.material().ifPresent(m -> b.setKeyset(ByteString.copyFrom(m.serialize())));
    key.keyPolicy().ifPresent(p -> b.setKeyPolicy(p.json()));
    for (Grant g : key.grants()) {
      GrantRecord.Builder gb =
          GrantRecord.newBuilder()
              .setGrantId(g.grantId())
              .setName(g.name())
              .setGranteePrincipal(g.grantee().name())
              .addAllOperations(new java.util.TreeSet<>(g.operations()))
              .putAllConstraintEquals(g.constraintEquals())
              .putAllConstraintSubset(g.constraintSubset())
              .setIssuingPrincipal(g.issuer().name())
              .setCreationEpochMillis(g.created().toEpochMilli())
              .setTokenSha256(ByteString.copyFrom(g.tokenSha256()));
      g.retiringPrincipal().ifPresent(p -> gb.setRetiringPrincipal(p.name()));
      b.addGrants(gb);
    }
    for (KeyVersion v : key.versions()) {
      KeyVersionRecord.Builder vb =
          KeyVersionRecord.newBuilder()
              .setVersion(v.number())
              .setTinkKeyId(v.tinkKeyId())
              .setCreationEpochMillis(v.created().toEpochMilli())
              .setOrigin(VersionOriginRecord.forNumber(v.origin().ordinal() + 1))
              .setState(VersionStateRecord.forNumber(v.state().ordinal() + 1))
              .setEncryptionsReserved(v.encryptionsReserved());
      if (v.destroyed() != null) {
        vb.setDestroyedEpochMillis(v.destroyed().toEpochMilli());
      }
      b.addVersions(vb);
    }
    return b.build();
  }

  private static MasterKey decodeKey(MasterKeyRecord r) throws MalformedStateException {
    MasterKey.Copy c = new MasterKey.Copy();
    c.id = uuid(r.getKeyId());
    c.description = r.getDescription();
    c.creator = principal(r.getCreator(), "creator of key " + c.id);
    c.created = instant(r.getCreationEpochMillis());
    c.state = enumValue(KeyState.values(), r.getStateValue(), "key state");
    c.stateChanged = instant(r.getStateChangedEpochMillis());
    c.pendingWindowDays = r.getPendingWindowDays();
    c.deletionDate = optionalInstant(r.getDeletionEpochMillis());
    c.destroyedDate = optionalInstant(r.getDestroyedEpochMillis());
    c.tags = r.getTagsMap();
    c.primaryVersion = r.getPrimaryVersion();
    c.minDecryptionVersion = r.getMinDecryptionVersion();
    c.rotationEnabled = r.getRotationEnabled();
    c.rotationPeriodDays = r.getRotationPeriodDays();
    c.nextRotation = optionalInstant(r.getNextRotationEpochMillis());
    c.keyPolicy =
        r.getKeyPolicy().isEmpty()
            ? null
            : policy(r.getKeyPolicy(), PolicyKind.KEY_POLICY, "key policy of " + c.id);
    c.grants = new ArrayList<>();
    for (GrantRecord g : r.getGrantsList()) {
      c.grants.add(
          new Grant(
              g.getGrantId(),
              g.getName(),
              principal(g.getGranteePrincipal(), "grantee"),
              g.getRetiringPrincipal().isEmpty()
                  ? java.util.Optional.empty()
                  : java.util.Optional.of(
                      principal(g.getRetiringPrincipal(), "retiring principal")),
              new java.util.HashSet<>(g.getOperationsList()),
              g.getConstraintEqualsMap(),
              g.getConstraintSubsetMap(),
              principal(g.getIssuingPrincipal(), "grant issuer"),
              instant(g.getCreationEpochMillis()),
              g.getTokenSha256().toByteArray()));
    }
    if (c.state == KeyState.PENDING_DELETION && c.deletionDate == null) {
      throw new MalformedStateException("key " + c.id + " is pending deletion without a date");
    }
    if (c.state != KeyState.DESTROYED) {
      try {
        c.material = KeyMaterial.parse(r.getKeyset().toByteArray());
      } catch (GeneralSecurityException e) {
        throw new MalformedStateException("key " + c.id + " has an unreadable keyset");
      }
    }
    c.versions = new ArrayList<>();
    for (KeyVersionRecord v : r.getVersionsList()) {
      if (v.getVersion() != c.versions.size() + 1) {
        throw new MalformedStateException("key " + c.id + " has versions out of order");
      }
      VersionState state = enumValue(VersionState.values(), v.getStateValue(), "version state");
      if (state != VersionState.DESTROYED
          && (c.material == null || !c.material.contains(v.getTinkKeyId()))) {
        throw new MalformedStateException(
            "key " + c.id + " version " + v.getVersion() + " has no material");
      }
      c.versions.add(
          new KeyVersion(
              v.getVersion(),
              v.getTinkKeyId(),
              instant(v.getCreationEpochMillis()),
              enumValue(VersionOrigin.values(), v.getOriginValue(), "version origin"),
              state,
              v.getEncryptionsReserved(),
              optionalInstant(v.getDestroyedEpochMillis())));
    }
    if (c.versions.isEmpty()
        || c.primaryVersion < 1
        || c.primaryVersion > c.versions.size()
        || c.minDecryptionVersion < 1
        || c.minDecryptionVersion > c.primaryVersion) {
      throw new MalformedStateException("key " + c.id + " has inconsistent version numbers");
    }
    return MasterKey.restore(c);
  }

  private static <E extends Enum<E>> E enumValue(E[] values, int recordNumber, String what)
      throws MalformedStateException {
    // Record enums mirror the Java enums in order, with 0 reserved for "unspecified".
    if (recordNumber < 1 || recordNumber > values.length) {
      throw new MalformedStateException("unknown " + what + " " + recordNumber);
    }
    return values[recordNumber - 1];
  }

  private static Principal principal(String name, String what) throws MalformedStateException {
    try {
      return Principal.of(name);
    } catch (RuntimeException e) {
      throw new MalformedStateException("invalid " + what);
    }
  }

  /** Stored documents were valid when stored; one that no longer parses is corruption. */
  private static PolicyDocument policy(String json, PolicyKind kind, String what)
      throws MalformedStateException {
    try {
      return PolicyDocument.parse(json, kind);
    } catch (RuntimeException e) {
      throw new MalformedStateException("stored " + what + " is not a valid policy");
    }
  }

  private static UUID uuid(String s) throws MalformedStateException {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw new MalformedStateException("invalid key id " + s);
    }
  }

  private static Instant instant(long millis) {
    return Instant.ofEpochMilli(millis);
  }

  private static Instant optionalInstant(long millis) {
    return millis == 0 ? null : Instant.ofEpochMilli(millis);
  }
}
