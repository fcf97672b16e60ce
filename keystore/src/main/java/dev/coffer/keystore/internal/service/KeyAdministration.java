package dev.coffer.keystore.internal.service;

import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeyListEntry;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.internal.crypto.KeyMaterial;
import dev.coffer.keystore.internal.model.KeystoreSnapshot;
import dev.coffer.keystore.internal.model.MasterKey;
import dev.coffer.keystore.policy.PolicyDocument;
import dev.coffer.keystore.policy.PolicyKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** CreateKey, DescribeKey, ListKeys and the state changes of {@link KeyLifecycle}. */
final class KeyAdministration {
  private final KeystoreCore core;
  private final MetadataViews views;

  KeyAdministration(KeystoreCore core, MetadataViews views) {
    this.core = core;
    this.views = views;
  }

  KeyMetadata create(Caller caller, CreateKeyRequest request) {
    return Operation.run(
        core,
        caller,
        KmsAction.CREATE_KEY,
        op -> {
          op.parameter("description", request.description());
          if (!request.tags().isEmpty()) {
            op.parameter("tags", TagAdministration.json(request.tags()));
            op.requestTags(request.tags());
            TagAdministration.refuseCaseVariants(request.tags().keySet());
          }
          request.policy().ifPresent(p -> op.parameter("policy", "custom"));
          op.authorize(null);
          if (!request.tags().isEmpty()) {
            // As KMS: tagging at creation also needs kms:TagResource (an IAM permission).
            op.authorize(KmsAction.TAG_RESOURCE, null);
          }
          UUID id = UUID.randomUUID();
          PolicyDocument policy = null;
          if (request.policy().isPresent()) {
            policy = PolicyDocument.parse(request.policy().get(), PolicyKind.KEY_POLICY);
            if (!request.bypassPolicyLockoutSafetyCheck()) {
              KeyPolicyAdministration.checkLockout(core, caller, id, request.tags(), policy);
            }
          }
          MasterKey key =
              MasterKey.create(
                  id,
                  request.description(),
                  caller.principal(),
                  request.tags(),
                  core.now(),
                  KeyMaterial.generate(),
                  policy);
          op.key(key).version(1);
          KeystoreSnapshot after = core.store.update(s -> s.withKey(key));
          return views.metadata(after.key(key.id()).orElseThrow());
        });
  }

  KeyMetadata describe(Caller caller, String keyId) {
    return Operation.onKey(
        core, caller, KmsAction.DESCRIBE_KEY, keyId, (op, key) -> views.metadata(key));
  }

  KeyMetadata updateDescription(Caller caller, String keyId, String description) {
    Objects.requireNonNull(description, "description");
    return Operation.onKey(
        core,
        caller,
        KmsAction.UPDATE_KEY_DESCRIPTION,
        keyId,
        Map.of("description", description),
        (op, key) -> {
          if (description.codePointCount(0, description.length())
              > CreateKeyRequest.MAX_DESCRIPTION) {
            throw new InvalidArgumentException(
                "description must be at most " + CreateKeyRequest.MAX_DESCRIPTION + " characters");
          }
          return views.metadata(
              core.updateKey(
                  key.id(),
                  k -> {
                    KeyLifecycle.requireNotDestroyed(k, core.arn(k));
                    if (k.state() == KeyState.PENDING_DELETION) {
                      throw new InvalidStateException(
                          core.arn(k) + " is PendingDeletion; its description cannot change");
                    }
                    return k.description().equals(description) ? k : k.withDescription(description);
                  }));
        });
  }

  List<KeyListEntry> list(Caller caller) {
    return Operation.run(
        core,
        caller,
        KmsAction.LIST_KEYS,
        op -> {
          op.authorize(null);
          return core.store.current().keys().keySet().stream()
              .map(id -> new KeyListEntry(id.toString(), core.names.keyArn(id)))
              .toList();
        });
  }

  KeyMetadata transition(Caller caller, String keyId, KeyLifecycle.Transition transition) {
    KmsAction action =
        switch (transition) {
          case ENABLE -> KmsAction.ENABLE_KEY;
          case DISABLE -> KmsAction.DISABLE_KEY;
          case CANCEL_DELETION -> KmsAction.CANCEL_KEY_DELETION;
          case SCHEDULE_DELETION, DESTROY ->
              throw new IllegalArgumentException(transition + " is not a caller transition");
        };
    return Operation.onKey(
        core,
        caller,
        action,
        keyId,
        (op, key) ->
            views.metadata(
                core.updateKey(
                    key.id(), k -> KeyLifecycle.apply(transition, k, core.arn(k), core.now()))));
  }

  KeyMetadata scheduleDeletion(Caller caller, String keyId, int windowDays) {
    return Operation.onKey(
        core,
        caller,
        KmsAction.SCHEDULE_KEY_DELETION,
        keyId,
        Map.of("pendingWindowInDays", Integer.toString(windowDays)),
        (op, key) -> {
          return views.metadata(
              core.updateKey(
                  key.id(),
                  k -> KeyLifecycle.scheduleDeletion(k, core.arn(k), windowDays, core.now())));
        });
  }
}
