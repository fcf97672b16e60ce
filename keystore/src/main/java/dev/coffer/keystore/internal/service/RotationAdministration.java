package dev.coffer.keystore.internal.service;

import dev.coffer.keystore.Caller;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyRotation;
import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.KeyVersionInfo;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.RotationStatus;
import dev.coffer.keystore.VersionOrigin;
import dev.coffer.keystore.VersionState;
import dev.coffer.keystore.internal.model.KeyVersion;
import dev.coffer.keystore.internal.model.MasterKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Versions: on-demand and scheduled rotation, and retirement (Vault's min_decryption_version plus
 * destruction of retired versions).
 */
final class RotationAdministration {
  static final int MIN_ROTATION_PERIOD_DAYS = 90;
  static final int MAX_ROTATION_PERIOD_DAYS = 2560;
  static final int DEFAULT_ROTATION_PERIOD_DAYS = 365;

  private final KeystoreCore core;
  private final MetadataViews views;

  RotationAdministration(KeystoreCore core, MetadataViews views) {
    this.core = core;
    this.views = views;
  }

  KeyVersionInfo rotateOnDemand(Caller caller, String keyId) {
    return Operation.onKey(
        core,
        caller,
        KmsAction.ROTATE_KEY_ON_DEMAND,
        keyId,
        (op, key) -> {
          MasterKey rotated =
              core.updateKey(
                  key.id(),
                  k -> {
                    KeyLifecycle.requireUsable(k, core.arn(k));
                    return k.rotated(VersionOrigin.ON_DEMAND, core.now());
                  });
          op.version(rotated.primaryVersionNumber());
          return views.version(rotated, rotated.primaryVersion());
        });
  }

  RotationStatus enable(Caller caller, String keyId, int periodDays) {
    return Operation.run(
        core,
        caller,
        KmsAction.ENABLE_KEY_ROTATION,
        op -> {
          op.parameter("keyId", keyId)
              .parameter("rotationPeriodInDays", Integer.toString(periodDays));
          if (periodDays < MIN_ROTATION_PERIOD_DAYS || periodDays > MAX_ROTATION_PERIOD_DAYS) {
            throw new InvalidArgumentException(
                "rotation period must be "
                    + MIN_ROTATION_PERIOD_DAYS
                    + " to "
                    + MAX_ROTATION_PERIOD_DAYS
                    + " days, not "
                    + periodDays);
          }
          MasterKey key = core.resolve(keyId);
          op.key(key);
          op.authorize(key);
          MasterKey updated =
              core.updateKey(
                  key.id(),
                  k -> {
                    requireAdministrable(k);
                    return k.withRotationSchedule(
                        true, periodDays, core.now().plus(Duration.ofDays(periodDays)));
                  });
          return views.rotationStatus(updated);
        });
  }

  RotationStatus disable(Caller caller, String keyId) {
    return Operation.onKey(
        core,
        caller,
        KmsAction.DISABLE_KEY_ROTATION,
        keyId,
        (op, key) -> {
          MasterKey updated =
              core.updateKey(
                  key.id(),
                  k -> {
                    requireAdministrable(k);
                    return k.rotationEnabled() ? k.withRotationSchedule(false, 0, null) : k;
                  });
          return views.rotationStatus(updated);
        });
  }

  RotationStatus status(Caller caller, String keyId) {
    return Operation.onKey(
        core,
        caller,
        KmsAction.GET_KEY_ROTATION_STATUS,
        keyId,
        (op, key) -> views.rotationStatus(key));
  }

  List<KeyRotation> list(Caller caller, String keyId) {
    return Operation.onKey(
        core,
        caller,
        KmsAction.LIST_KEY_ROTATIONS,
        keyId,
        (op, key) ->
            key.versions().stream()
                .filter(v -> v.origin() != VersionOrigin.CREATE_KEY)
                .map(v -> new KeyRotation(core.arn(key), v.number(), v.created(), v.origin()))
                .toList());
  }

  KeyMetadata updateMinDecryptionVersion(Caller caller, String keyId, int version) {
    return Operation.onKey(
        core,
        caller,
        KmsAction.UPDATE_MIN_DECRYPTION_VERSION,
        keyId,
        Map.of("minDecryptionVersion", Integer.toString(version)),
        (op, key) -> {
          MasterKey updated =
              core.updateKey(
                  key.id(),
                  k -> {
                    requireAdministrable(k);
                    if (version < 1 || version > k.primaryVersionNumber()) {
                      throw new InvalidArgumentException(
                          "minimum decryption version must be 1 to the primary version "
                              + k.primaryVersionNumber());
                    }
                    for (KeyVersion v : k.versions()) {
                      if (v.number() >= version && v.state() == VersionState.DESTROYED) {
                        throw new InvalidStateException(
                            "version " + v.number() + " is destroyed and cannot decrypt again");
                      }
                    }
                    return version == k.minDecryptionVersion()
                        ? k
                        : k.withMinDecryptionVersion(version, core.now());
                  });
          return views.metadata(updated);
        });
  }

  KeyMetadata destroyVersion(Caller caller, String keyId, int version) {
    return Operation.run(
        core,
        caller,
        KmsAction.DESTROY_KEY_VERSION,
        op -> {
          op.parameter("keyId", keyId).version(version);
          MasterKey key = core.resolve(keyId);
          op.key(key);
          op.authorize(key);
          MasterKey updated =
              core.updateKey(
                  key.id(),
                  k -> {
                    requireAdministrable(k);
                    KeyVersion v =
                        k.version(version)
                            .orElseThrow(
                                () ->
                                    new NotFoundException(
                                        core.arn(k) + " has no version " + version));
                    if (v.state() == VersionState.DESTROYED) {
                      return k;
                    }
                    if (v.state() != VersionState.RETIRED) {
                      throw new InvalidStateException(
                          "version "
                              + version
                              + " is not retired; raise the minimum decryption version above it"
                              + " first");
                    }
                    return k.withVersionDestroyed(version, core.now());
                  });
          return views.metadata(updated);
        });
  }

  private void requireAdministrable(MasterKey key) {
    KeyLifecycle.requireNotDestroyed(key, core.arn(key));
    if (key.state() == KeyState.PENDING_DELETION) {
      throw new InvalidStateException(core.arn(key) + " is PendingDeletion");
    }
  }
}
