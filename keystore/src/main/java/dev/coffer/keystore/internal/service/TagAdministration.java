package dev.coffer.keystore.internal.service;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.LimitExceededException;
import dev.coffer.keystore.TagResourceRequest;
import dev.coffer.keystore.UntagResourceRequest;
import dev.coffer.keystore.internal.model.MasterKey;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;

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
    change(
        caller,
        KmsAction.TAG_RESOURCE,
        request.keyId(),
        op -> op.parameter("tags", json(tags)).requestTags(tags),
        (arn, current) -> {
          Map<String, String> merged = new LinkedHashMap<>(current);
          merged.putAll(tags);
          refuseCaseVariants(merged.keySet());
          if (merged.size() > TagResourceRequest.MAX_TAGS_PER_KEY) {
            throw new LimitExceededException(
                arn
                    + " would have "
                    + merged.size()
                    + " tags; a key has at most "
                    + TagResourceRequest.MAX_TAGS_PER_KEY);
          }
          return merged;
        });
  }

  void untag(Caller caller, UntagResourceRequest request) {
    List<String> tagKeys = request.tagKeys();
    change(
        caller,
        KmsAction.UNTAG_RESOURCE,
        request.keyId(),
        op -> op.parameter("tagKeys", json(tagKeys)).conditionKey("aws:TagKeys", tagKeys),
        (arn, current) -> {
          Map<String, String> left = new LinkedHashMap<>(current);
          left.keySet().removeAll(tagKeys);
          return left;
        });
  }

  /**
   * Authorizes a tag change on the named key, then applies it to the key's tags as they are at
   * commit ({@code change} gets the key's ARN and tags, and returns the new tags).
   */
  private void change(
      Caller caller,
      KmsAction action,
      String keyId,
      Consumer<Operation> request,
      BiFunction<String, Map<String, String>, Map<String, String>> change) {
    Operation.run(
        core,
        caller,
        action,
        op -> {
          op.parameter("keyId", keyId);
          request.accept(op);
          MasterKey key = core.resolve(keyId);
          op.namedBy(keyId).key(key);
          op.authorize(key);
          requireTaggable(key);
          core.updateKey(
              key.id(),
              k -> {
                requireTaggable(k);
                Map<String, String> next = change.apply(core.arn(k), k.tags());
                return next.equals(k.tags()) ? k : k.withTags(next);
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

  /**
   * Refuses tag keys that differ only in letter case, unlike KMS: policies name tags
   * case-insensitively ({@code aws:RequestTag/Project} answers for {@code project} too), so {@code
   * Project=alpha} beside {@code PROJECT=beta} would let a request pass a condition on one value
   * while setting the other.
   */
  static void refuseCaseVariants(Iterable<String> keys) {
    Map<String, String> seen = new HashMap<>();
    for (String k : keys) {
      String other = seen.putIfAbsent(k.toLowerCase(Locale.ROOT), k);
      if (other != null) {
        throw new InvalidArgumentException(
            "tag keys " + other + " and " + k + " differ only in letter case; use one of them");
      }
    }
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
