package dev.coffer.keystore.internal.service;

import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.VersionOrigin;
import dev.coffer.keystore.internal.model.KeystoreSnapshot;
import dev.coffer.keystore.internal.model.MasterKey;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Work that falls due with time: destroying keys whose deletion window has passed, and scheduled
 * rotation. Checked when a key is used and when the keystore opens, against the injected clock, so
 * no background thread is needed and tests control time.
 */
final class Maintenance {
  private final KeystoreCore core;

  Maintenance(KeystoreCore core) {
    this.core = core;
  }

  /** Whether something is due for {@code key} at {@code now}. Cheap; on every operation's path. */
  static boolean isDue(MasterKey key, Instant now) {
    if (key.state() == KeyState.PENDING_DELETION) {
      return !now.isBefore(key.deletionDate().orElseThrow());
    }
    return key.state() == KeyState.ENABLED
        && key.nextRotation().isPresent()
        && !now.isBefore(key.nextRotation().get());
  }

  /** Applies whatever is due for {@code key} and returns the key as it now stands. */
  MasterKey applyDue(MasterKey key) {
    if (!isDue(key, core.clock.instant())) {
      return key;
    }
    UUID id = key.id();
    Instant[] when = new Instant[1];
    KeyState[] before = new KeyState[1];
    KeystoreSnapshot after =
        core.store.update(
            s -> {
              MasterKey current = s.key(id).orElseThrow();
              Instant now = core.now();
              if (!isDue(current, now)) {
                return s;
              }
              when[0] = now;
              before[0] = current.state();
              return current.state() == KeyState.PENDING_DELETION
                  ? destroy(s, current, now)
                  : s.withKey(current.rotated(VersionOrigin.AUTOMATIC, now));
            });
    MasterKey updated = after.key(id).orElseThrow();
    if (when[0] != null) {
      recordSystemChange(before[0], updated);
    }
    return updated;
  }

  /** Applies everything due across the keystore; run at open. */
  void applyAllDue() {
    for (UUID id : core.store.current().keys().keySet()) {
      core.store.current().key(id).ifPresent(this::applyDue);
    }
  }

  /** A key's destruction also removes the aliases pointing at it, as KMS deletes them. */
  static KeystoreSnapshot destroy(KeystoreSnapshot s, MasterKey key, Instant now) {
    KeystoreSnapshot next = s.withKey(key.destroyed(now));
    for (String alias : s.aliases().keySet()) {
      if (s.aliases().get(alias).targetKeyId().equals(key.id())) {
        next = next.withoutAlias(alias);
      }
    }
    return next;
  }

  private void recordSystemChange(KeyState before, MasterKey updated) {
    if (before == KeyState.PENDING_DELETION) {
      Operation.recordSystemEvent(
          core, KmsAction.DELETE_KEY, updated, Map.of("reason", "pending deletion window ended"));
    } else {
      Operation.recordSystemEvent(
          core,
          KmsAction.ROTATE_KEY,
          updated,
          Map.of(
              "reason",
              "rotation period of " + updated.rotationPeriodDays() + " days elapsed",
              "newVersion",
              Integer.toString(updated.primaryVersionNumber())));
    }
  }

  /** Rotates {@code id} because {@code version} reached the usage threshold, once. */
  void rotateForUsage(UUID id, int version, long threshold) {
    boolean[] rotated = new boolean[1];
    KeystoreSnapshot after =
        core.store.update(
            s -> {
              Optional<MasterKey> current = s.key(id);
              if (current.isEmpty()
                  || current.get().state() != KeyState.ENABLED
                  || current.get().primaryVersionNumber() != version) {
                return s;
              }
              rotated[0] = true;
              return s.withKey(current.get().rotated(VersionOrigin.USAGE_LIMIT, core.now()));
            });
    if (rotated[0]) {
      MasterKey updated = after.key(id).orElseThrow();
      Operation.recordSystemEvent(
          core,
          KmsAction.ROTATE_KEY,
          updated,
          Map.of(
              "reason",
              "version " + version + " reached the usage threshold of " + threshold,
              "newVersion",
              Integer.toString(updated.primaryVersionNumber())));
    }
  }
}
