package dev.coffer.keystore.internal.service;

import dev.coffer.keystore.AliasEntry;
import dev.coffer.keystore.AlreadyExistsException;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.internal.model.Alias;
import dev.coffer.keystore.internal.model.KeystoreSnapshot;
import dev.coffer.keystore.internal.model.MasterKey;
import java.util.List;
import java.util.Optional;

/** CreateAlias, UpdateAlias, DeleteAlias and ListAliases, with KMS's rules. */
final class AliasAdministration {
  private final KeystoreCore core;
  private final MetadataViews views;

  AliasAdministration(KeystoreCore core, MetadataViews views) {
    this.core = core;
    this.views = views;
  }

  AliasEntry create(Caller caller, String aliasName, String targetKeyId) {
    return Operation.run(
        core,
        caller,
        KmsAction.CREATE_ALIAS,
        op -> {
          String name = core.names.aliasName(aliasName);
          op.parameter("aliasName", name).parameter("targetKeyId", targetKeyId);
          MasterKey target = target(targetKeyId);
          op.key(target);
          op.authorize(target);
          KeystoreSnapshot after =
              core.store.update(
                  s -> {
                    if (s.alias(name).isPresent()) {
                      throw new AlreadyExistsException("alias " + name + " already exists");
                    }
                    return s.withAlias(new Alias(name, target.id(), core.now(), core.now()));
                  });
          return views.alias(after.alias(name).orElseThrow());
        });
  }

  AliasEntry update(Caller caller, String aliasName, String targetKeyId) {
    return Operation.run(
        core,
        caller,
        KmsAction.UPDATE_ALIAS,
        op -> {
          String name = core.names.aliasName(aliasName);
          op.parameter("aliasName", name).parameter("targetKeyId", targetKeyId);
          Alias existing = existing(name);
          MasterKey target = target(targetKeyId);
          op.key(target);
          core.find(existing.targetKeyId()).ifPresent(op::authorize);
          op.authorize(target);
          KeystoreSnapshot after =
              core.store.update(
                  s -> s.withAlias(existing(s, name).retarget(target.id(), core.now())));
          return views.alias(after.alias(name).orElseThrow());
        });
  }

  void delete(Caller caller, String aliasName) {
    Operation.run(
        core,
        caller,
        KmsAction.DELETE_ALIAS,
        op -> {
          String name = core.names.aliasName(aliasName);
          op.parameter("aliasName", name);
          Alias existing = existing(name);
          Optional<MasterKey> target = core.find(existing.targetKeyId());
          target.ifPresent(op::key);
          target.ifPresent(op::authorize);
          core.store.update(
              s -> {
                existing(s, name);
                return s.withoutAlias(name);
              });
          return null;
        });
  }

  List<AliasEntry> list(Caller caller, Optional<String> keyId) {
    return Operation.run(
        core,
        caller,
        KmsAction.LIST_ALIASES,
        op -> {
          keyId.ifPresent(k -> op.parameter("keyId", k));
          Optional<MasterKey> key = keyId.map(core::resolve);
          key.ifPresent(op::key);
          op.authorize(null);
          return core.store.current().aliases().values().stream()
              .filter(a -> key.isEmpty() || a.targetKeyId().equals(key.get().id()))
              .map(views::alias)
              .toList();
        });
  }

  /** The key an alias may point at: named by id or ARN (not another alias), and not leaving. */
  private MasterKey target(String targetKeyId) {
    if (core.names.parse(targetKeyId).aliasName().isPresent()) {
      throw new InvalidArgumentException(
          "an alias must point at a key id or key ARN, not another alias: " + targetKeyId);
    }
    MasterKey key = core.resolve(targetKeyId);
    KeyLifecycle.requireNotDestroyed(key, core.arn(key));
    if (key.state() == KeyState.PENDING_DELETION) {
      throw new InvalidStateException(
          core.arn(key) + " is PendingDeletion; an alias cannot point at it");
    }
    return key;
  }

  private Alias existing(String name) {
    return existing(core.store.current(), name);
  }

  private static Alias existing(KeystoreSnapshot s, String name) {
    return s.alias(name)
        .orElseThrow(() -> new NotFoundException("alias " + name + " does not exist"));
  }
}
