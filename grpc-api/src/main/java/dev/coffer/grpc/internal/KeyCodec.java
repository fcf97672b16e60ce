package dev.coffer.grpc.internal;

import com.google.protobuf.ByteString;
import dev.coffer.api.v1.Alias;
import dev.coffer.api.v1.Grant;
import dev.coffer.api.v1.KeyVersion;
import dev.coffer.api.v1.RotationStatusResponse;
import dev.coffer.keystore.AliasEntry;
import dev.coffer.keystore.Ciphertext;
import dev.coffer.keystore.CreateGrantRequest;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.GrantInfo;
import dev.coffer.keystore.GrantOperation;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.KeyListEntry;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyRotation;
import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.KeyVersionInfo;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.RotationStatus;
import dev.coffer.keystore.VersionOrigin;
import dev.coffer.keystore.VersionState;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The keystore's metadata types (keys, versions, grants, aliases, rotation) to and from their
 * {@code coffer.api.v1} forms. Enums map by name: {@code KeyState.DISABLED} is {@code
 * KEY_STATE_DISABLED} on the wire.
 */
public final class KeyCodec {
  private KeyCodec() {}

  // ---- enums, by name with the proto prefix

  static dev.coffer.api.v1.KeyState toProto(KeyState s) {
    return dev.coffer.api.v1.KeyState.valueOf("KEY_STATE_" + s.name());
  }

  static KeyState fromProto(dev.coffer.api.v1.KeyState s) {
    return KeyState.valueOf(s.name().substring("KEY_STATE_".length()));
  }

  static dev.coffer.api.v1.VersionOrigin toProto(VersionOrigin o) {
    return dev.coffer.api.v1.VersionOrigin.valueOf("VERSION_ORIGIN_" + o.name());
  }

  static VersionOrigin fromProto(dev.coffer.api.v1.VersionOrigin o) {
    return VersionOrigin.valueOf(o.name().substring("VERSION_ORIGIN_".length()));
  }

  static dev.coffer.api.v1.VersionState toProto(VersionState s) {
    return dev.coffer.api.v1.VersionState.valueOf("VERSION_STATE_" + s.name());
  }

  static VersionState fromProto(dev.coffer.api.v1.VersionState s) {
    return VersionState.valueOf(s.name().substring("VERSION_STATE_".length()));
  }

  static dev.coffer.api.v1.GrantOperation toProto(GrantOperation op) {
    return dev.coffer.api.v1.GrantOperation.valueOf("GRANT_OPERATION_" + op.name());
  }

  static GrantOperation fromProto(dev.coffer.api.v1.GrantOperation op) {
    if (op == dev.coffer.api.v1.GrantOperation.GRANT_OPERATION_UNSPECIFIED
        || op == dev.coffer.api.v1.GrantOperation.UNRECOGNIZED) {
      throw new InvalidArgumentException("unknown grant operation");
    }
    return GrantOperation.valueOf(op.name().substring("GRANT_OPERATION_".length()));
  }

  private static Set<GrantOperation> operations(Iterable<dev.coffer.api.v1.GrantOperation> ops) {
    Set<GrantOperation> out = EnumSet.noneOf(GrantOperation.class);
    ops.forEach(op -> out.add(fromProto(op)));
    return out;
  }

  // ---- keys

  public static dev.coffer.api.v1.KeyMetadata toProto(KeyMetadata k) {
    dev.coffer.api.v1.KeyMetadata.Builder b =
        dev.coffer.api.v1.KeyMetadata.newBuilder()
            .setKeyId(k.keyId())
            .setArn(k.arn())
            .setDescription(k.description())
            .setCreator(k.creator().name())
            .setCreationDate(Times.toProto(k.creationDate()))
            .setKeyState(toProto(k.keyState()))
            .setPrimaryVersion(k.primaryVersion())
            .setMinDecryptionVersion(k.minDecryptionVersion())
            .setRotationEnabled(k.rotationEnabled())
            .putAllTags(k.tags());
    k.deletionDate().ifPresent(t -> b.setDeletionDate(Times.toProto(t)));
    k.pendingDeletionWindowInDays().ifPresent(b::setPendingDeletionWindowInDays);
    k.destroyedDate().ifPresent(t -> b.setDestroyedDate(Times.toProto(t)));
    k.rotationPeriodInDays().ifPresent(b::setRotationPeriodInDays);
    k.nextRotationDate().ifPresent(t -> b.setNextRotationDate(Times.toProto(t)));
    k.versions().forEach(v -> b.addVersions(toProto(v)));
    return b.build();
  }

  public static KeyMetadata fromProto(dev.coffer.api.v1.KeyMetadata k) {
    return new KeyMetadata(
        k.getKeyId(),
        k.getArn(),
        k.getDescription(),
        Principal.of(k.getCreator()),
        Times.fromProto(k.getCreationDate()),
        fromProto(k.getKeyState()),
        Times.fromProto(k.hasDeletionDate(), k.getDeletionDate()),
        k.hasPendingDeletionWindowInDays()
            ? Optional.of(k.getPendingDeletionWindowInDays())
            : Optional.empty(),
        Times.fromProto(k.hasDestroyedDate(), k.getDestroyedDate()),
        k.getPrimaryVersion(),
        k.getMinDecryptionVersion(),
        k.getVersionsList().stream().map(KeyCodec::fromProto).toList(),
        k.getRotationEnabled(),
        k.hasRotationPeriodInDays() ? Optional.of(k.getRotationPeriodInDays()) : Optional.empty(),
        Times.fromProto(k.hasNextRotationDate(), k.getNextRotationDate()),
        k.getTagsMap());
  }

  public static KeyVersion toProto(KeyVersionInfo v) {
    KeyVersion.Builder b =
        KeyVersion.newBuilder()
            .setVersion(v.version())
            .setCreationDate(Times.toProto(v.creationDate()))
            .setOrigin(toProto(v.origin()))
            .setState(toProto(v.state()))
            .setEncryptions(v.encryptions());
    v.destroyedDate().ifPresent(t -> b.setDestroyedDate(Times.toProto(t)));
    return b.build();
  }

  public static KeyVersionInfo fromProto(KeyVersion v) {
    return new KeyVersionInfo(
        v.getVersion(),
        Times.fromProto(v.getCreationDate()),
        fromProto(v.getOrigin()),
        fromProto(v.getState()),
        v.getEncryptions(),
        Times.fromProto(v.hasDestroyedDate(), v.getDestroyedDate()));
  }

  public static dev.coffer.api.v1.KeyListEntry toProto(KeyListEntry e) {
    return dev.coffer.api.v1.KeyListEntry.newBuilder()
        .setKeyId(e.keyId())
        .setKeyArn(e.keyArn())
        .build();
  }

  public static KeyListEntry fromProto(dev.coffer.api.v1.KeyListEntry e) {
    return new KeyListEntry(e.getKeyId(), e.getKeyArn());
  }

  public static dev.coffer.api.v1.CreateKeyRequest toProto(CreateKeyRequest r) {
    dev.coffer.api.v1.CreateKeyRequest.Builder b =
        dev.coffer.api.v1.CreateKeyRequest.newBuilder()
            .setDescription(r.description())
            .putAllTags(r.tags())
            .setBypassPolicyLockoutSafetyCheck(r.bypassPolicyLockoutSafetyCheck());
    r.policy().ifPresent(b::setPolicy);
    return b.build();
  }

  public static CreateKeyRequest fromProto(dev.coffer.api.v1.CreateKeyRequest r) {
    CreateKeyRequest.Builder b =
        CreateKeyRequest.builder()
            .description(r.getDescription())
            .tags(r.getTagsMap())
            .bypassPolicyLockoutSafetyCheck(r.getBypassPolicyLockoutSafetyCheck());
    if (r.hasPolicy()) {
      b.policy(r.getPolicy());
    }
    return b.build();
  }

  // ---- grants and aliases

  public static dev.coffer.api.v1.CreateGrantRequest toProto(CreateGrantRequest r) {
    dev.coffer.api.v1.CreateGrantRequest.Builder b =
        dev.coffer.api.v1.CreateGrantRequest.newBuilder()
            .setKeyId(r.keyId())
            .setGranteePrincipal(r.grantee().name())
            .putAllConstraintEquals(r.constraintEquals())
            .putAllConstraintSubset(r.constraintSubset())
            .setName(r.name());
    r.operations().stream().sorted().forEach(op -> b.addOperations(toProto(op)));
    r.retiringPrincipal().ifPresent(p -> b.setRetiringPrincipal(p.name()));
    return b.build();
  }

  public static CreateGrantRequest fromProto(dev.coffer.api.v1.CreateGrantRequest r) {
    CreateGrantRequest.Builder b =
        CreateGrantRequest.builder()
            .keyId(r.getKeyId())
            .grantee(Principal.of(r.getGranteePrincipal()))
            .operations(operations(r.getOperationsList()))
            .constraintEquals(r.getConstraintEqualsMap())
            .constraintSubset(r.getConstraintSubsetMap())
            .name(r.getName());
    if (r.hasRetiringPrincipal()) {
      b.retiringPrincipal(Principal.of(r.getRetiringPrincipal()));
    }
    return b.build();
  }

  public static Grant toProto(GrantInfo g) {
    Grant.Builder b =
        Grant.newBuilder()
            .setKeyArn(g.keyArn())
            .setGrantId(g.grantId())
            .setName(g.name())
            .setGranteePrincipal(g.granteePrincipal().name())
            .putAllConstraintEquals(g.constraintEquals())
            .putAllConstraintSubset(g.constraintSubset())
            .setIssuingPrincipal(g.issuingPrincipal().name())
            .setCreationDate(Times.toProto(g.creationDate()));
    g.retiringPrincipal().ifPresent(p -> b.setRetiringPrincipal(p.name()));
    g.operations().stream().sorted().forEach(op -> b.addOperations(toProto(op)));
    return b.build();
  }

  public static GrantInfo fromProto(Grant g) {
    return new GrantInfo(
        g.getKeyArn(),
        g.getGrantId(),
        g.getName(),
        Principal.of(g.getGranteePrincipal()),
        g.hasRetiringPrincipal()
            ? Optional.of(Principal.of(g.getRetiringPrincipal()))
            : Optional.empty(),
        operations(g.getOperationsList()),
        g.getConstraintEqualsMap(),
        g.getConstraintSubsetMap(),
        Principal.of(g.getIssuingPrincipal()),
        Times.fromProto(g.getCreationDate()));
  }

  public static Alias toProto(AliasEntry a) {
    return Alias.newBuilder()
        .setAliasName(a.aliasName())
        .setAliasArn(a.aliasArn())
        .setTargetKeyId(a.targetKeyId())
        .setCreationDate(Times.toProto(a.creationDate()))
        .setLastUpdatedDate(Times.toProto(a.lastUpdatedDate()))
        .build();
  }

  public static AliasEntry fromProto(Alias a) {
    return new AliasEntry(
        a.getAliasName(),
        a.getAliasArn(),
        a.getTargetKeyId(),
        Times.fromProto(a.getCreationDate()),
        Times.fromProto(a.getLastUpdatedDate()));
  }

  // ---- rotation

  public static RotationStatusResponse toProto(RotationStatus s) {
    RotationStatusResponse.Builder b =
        RotationStatusResponse.newBuilder()
            .setKeyArn(s.keyArn())
            .setRotationEnabled(s.rotationEnabled());
    s.rotationPeriodInDays().ifPresent(b::setRotationPeriodInDays);
    s.nextRotationDate().ifPresent(t -> b.setNextRotationDate(Times.toProto(t)));
    s.lastRotationDate().ifPresent(t -> b.setLastRotationDate(Times.toProto(t)));
    return b.build();
  }

  public static RotationStatus fromProto(RotationStatusResponse s) {
    return new RotationStatus(
        s.getKeyArn(),
        s.getRotationEnabled(),
        s.hasRotationPeriodInDays() ? Optional.of(s.getRotationPeriodInDays()) : Optional.empty(),
        Times.fromProto(s.hasNextRotationDate(), s.getNextRotationDate()),
        Times.fromProto(s.hasLastRotationDate(), s.getLastRotationDate()));
  }

  public static dev.coffer.api.v1.KeyRotation toProto(KeyRotation r) {
    return dev.coffer.api.v1.KeyRotation.newBuilder()
        .setKeyArn(r.keyArn())
        .setVersion(r.version())
        .setRotationDate(Times.toProto(r.rotationDate()))
        .setType(toProto(r.type()))
        .build();
  }

  public static KeyRotation fromProto(dev.coffer.api.v1.KeyRotation r) {
    return new KeyRotation(
        r.getKeyArn(),
        r.getVersion(),
        Times.fromProto(r.getRotationDate()),
        fromProto(r.getType()));
  }

  // ---- ciphertexts

  public static dev.coffer.api.v1.Ciphertext toProto(Ciphertext c) {
    return dev.coffer.api.v1.Ciphertext.newBuilder()
        .setCiphertextBlob(ByteString.copyFrom(c.blob()))
        .setKeyArn(c.keyArn())
        .setKeyVersion(c.keyVersion())
        .build();
  }

  public static Ciphertext fromProto(dev.coffer.api.v1.Ciphertext c) {
    return new Ciphertext(c.getCiphertextBlob().toByteArray(), c.getKeyArn(), c.getKeyVersion());
  }
}
