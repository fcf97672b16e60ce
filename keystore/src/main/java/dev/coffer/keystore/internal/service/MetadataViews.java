package dev.coffer.keystore.internal.service;

import dev.coffer.keystore.AliasEntry;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.KeyVersionInfo;
import dev.coffer.keystore.RotationStatus;
import dev.coffer.keystore.VersionOrigin;
import dev.coffer.keystore.internal.model.Alias;
import dev.coffer.keystore.internal.model.KeyVersion;
import dev.coffer.keystore.internal.model.MasterKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The public views of stored keys and aliases. */
final class MetadataViews {
  private final KeystoreCore core;

  MetadataViews(KeystoreCore core) {
    this.core = core;
  }

  KeyMetadata metadata(MasterKey key) {
    List<KeyVersionInfo> versions = key.versions().stream().map(v -> version(key, v)).toList();
    return new KeyMetadata(
        key.id().toString(),
        core.arn(key),
        key.description(),
        key.creator(),
        key.created(),
        key.state(),
        key.deletionDate(),
        key.state() == KeyState.PENDING_DELETION
            ? Optional.of(key.pendingWindowDays())
            : Optional.empty(),
        key.destroyedDate(),
        key.primaryVersionNumber(),
        key.minDecryptionVersion(),
        versions,
        key.rotationEnabled(),
        key.rotationEnabled() ? Optional.of(key.rotationPeriodDays()) : Optional.empty(),
        key.nextRotation(),
        key.tags());
  }

  KeyVersionInfo version(MasterKey key, KeyVersion v) {
    return new KeyVersionInfo(
        v.number(),
        v.created(),
        v.origin(),
        v.state(),
        core.counters.count(key.id(), v),
        Optional.ofNullable(v.destroyed()));
  }

  RotationStatus rotationStatus(MasterKey key) {
    Optional<Instant> lastRotation =
        key.versions().stream()
            .filter(v -> v.origin() != VersionOrigin.CREATE_KEY)
            .reduce((a, b) -> b)
            .map(KeyVersion::created);
    return new RotationStatus(
        core.arn(key),
        key.rotationEnabled(),
        key.rotationEnabled() ? Optional.of(key.rotationPeriodDays()) : Optional.empty(),
        key.nextRotation(),
        lastRotation);
  }

  AliasEntry alias(Alias alias) {
    return new AliasEntry(
        alias.name(),
        core.names.aliasArn(alias.name()),
        alias.targetKeyId().toString(),
        alias.created(),
        alias.lastUpdated());
  }
}
