package dev.coffer.keystore.internal.service;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.LimitExceededException;
import dev.coffer.keystore.TagResourceRequest;
import dev.coffer.keystore.UntagResourceRequest;
import dev.coffer.keystore.internal.model.MasterKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * TagResource, UntagResource and ListResourceTags. Tags are not secret (KMS warns against putting
 * secrets in them): they are recorded in the audit log as given, and policies read them as {@code
 * aws:ResourceTag/<key>}, so changing them can grant or take away access (ABAC).
 */
final class TagAdministration {
  private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

  private final KeystoreCore core;

  TagAdministration(KeystoreCore core) {
    this.core = core;
  }

  /** Tags or tag keys as a JSON object or array, for an audit record's request parameters. */
  static String json(Object tagsOrKeys) {
    return JSON.toJson(tagsOrKeys);
  }

  void tag(Caller caller, TagResourceRequest request) {
    Map<String, String> tags = request.tags();
    Operation.run(
        core,
        caller,
        KmsAction.TAG_RESOURCE,
        op -> {
          op.parameter("keyId", request.keyId()).parameter("tags", json(tags));
          op.requestTags(tags);
          MasterKey key = core.resolve(request.keyId());
          op.namedBy(request.keyId()).key(key);
          op.authorize(key);
          requireTaggable(key);
          core.updateKey(
              key.id(),
              k -> {
                requireTaggable(k);
                Map<String, String> merged = new LinkedHashMap<>(k.tags());
                merged.putAll(tags);
                if (merged.size() > TagResourceRequest.MAX_TAGS_PER_KEY) {
                  throw new LimitExceededException(
                      core.arn(k)
                          + " would have "
                          + merged.size()
                          + " tags; a key has at most "
                          + TagResourceRequest.MAX_TAGS_PER_KEY);
                }
                return merged.equals(k.tags()) ? k : k.withTags(merged);
              });
          return null;
        });
  }

  void untag(Caller caller, UntagResourceRequest request) {
    List<String> tagKeys = request.tagKeys();
    Operation.run(
        core,
        caller,
        KmsAction.UNTAG_RESOURCE,
        op -> {
          op.parameter("keyId", request.keyId()).parameter("tagKeys", json(tagKeys));
          op.conditionKey("aws:TagKeys", tagKeys);
          MasterKey key = core.resolve(request.keyId());
          op.namedBy(request.keyId()).key(key);
          op.authorize(key);
          requireTaggable(key);
          core.updateKey(
              key.id(),
              k -> {
                requireTaggable(k);
                Map<String, String> left = new LinkedHashMap<>(k.tags());
                left.keySet().removeAll(tagKeys);
                return left.size() == k.tags().size() ? k : k.withTags(left);
              });
          return null;
        });
  }

  /** The key's tags, sorted by tag key. Allowed in every key state, as in KMS. */
  SortedMap<String, String> list(Caller caller, String keyId) {
    return Operation.onKey(
        core,
        caller,
        KmsAction.LIST_RESOURCE_TAGS,
        keyId,
        (op, key) -> Collections.unmodifiableSortedMap(new TreeMap<>(key.tags())));
  }

  /** KMS refuses tag changes on a key that is pending deletion (and on a deleted one). */
  private void requireTaggable(MasterKey key) {
    KeyLifecycle.requireNotDestroyed(key, core.arn(key));
    if (key.state() == KeyState.PENDING_DELETION) {
      throw new InvalidStateException(
          core.arn(key) + " is PendingDeletion; its tags cannot change");
    }
  }
}
