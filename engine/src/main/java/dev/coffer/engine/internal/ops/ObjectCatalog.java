package dev.coffer.engine.internal.ops;

import dev.coffer.engine.ListObjectsRequest;
import dev.coffer.engine.ListObjectsResult;
import dev.coffer.engine.ObjectSummary;
import dev.coffer.engine.internal.EngineCore;
import dev.coffer.engine.internal.store.ChunkRows;
import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.engine.internal.store.EngineDb.Family;
import dev.coffer.engine.internal.store.KeyCounts;
import dev.coffer.engine.internal.store.Keys;
import dev.coffer.engine.internal.store.Records;
import dev.coffer.format.v1.BucketRecord;
import dev.coffer.format.v1.ObjectRecord;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** DeleteObject and ListObjects (V2, with delimiter roll-up and continuation tokens). */
public final class ObjectCatalog {
  private final EngineCore core;
  private final KeyLocks locks;

  public ObjectCatalog(EngineCore core, KeyLocks locks) {
    this.core = core;
    this.locks = locks;
  }

  public void delete(Caller caller, String bucket, String key) {
    EngineOperation.run(
        core,
        caller,
        "DeleteObject",
        false,
        op -> {
          op.parameter("bucket", bucket).parameter("key", key);
          ObjectKeyRules.valid(key);
          BucketRecord b = BucketOperations.existing(core, bucket);
          core.access()
              .authorize(
                  op,
                  "s3:DeleteObject",
                  EngineCore.objectArn(bucket, key),
                  core.bucketPolicies().policyOf(b),
                  Map.of());
          byte[] row = Keys.object(bucket, key);
          locks.withLock(
              row,
              () ->
                  core.records()
                      .object(bucket, key)
                      .ifPresent(
                          old -> {
                            try (EngineDb.Batch batch = core.db().batch()) {
                              batch.delete(Family.OBJECTS, row);
                              ChunkRows.delete(batch, old);
                              KeyCounts.replace(batch, old, null);
                              batch.commit();
                            }
                          }));
          return null;
        });
  }

  public ListObjectsResult list(Caller caller, ListObjectsRequest request) {
    return EngineOperation.run(
        core,
        caller,
        "ListObjects",
        true,
        op -> {
          String bucket = request.bucket();
          op.parameter("bucket", bucket).parameter("prefix", request.prefix());
          BucketRecord b = BucketOperations.existing(core, bucket);
          Map<String, List<String>> keys = new java.util.HashMap<>();
          keys.put("s3:prefix", List.of(request.prefix()));
          keys.put("s3:max-keys", List.of(Integer.toString(request.maxKeys())));
          request.delimiter().ifPresent(d -> keys.put("s3:delimiter", List.of(d)));
          core.access()
              .authorize(
                  op,
                  "s3:ListBucket",
                  EngineCore.bucketArn(bucket),
                  core.bucketPolicies().policyOf(b),
                  keys);
          return scan(request);
        });
  }

  private ListObjectsResult scan(ListObjectsRequest request) {
    String bucket = request.bucket();
    String prefix = request.prefix();
    Resume resume = Resume.of(request);
    String start =
        resume.after == null || utf8Order(resume.after, prefix) < 0 ? prefix : resume.after;
    List<ObjectSummary> contents = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String lastItem = null;
    boolean lastWasPrefix = false;
    boolean truncated = false;
    try (EngineDb.Scan scan =
        core.db().scan(Family.OBJECTS, Keys.objectsFrom(bucket, start), Keys.objectsEnd(bucket))) {
      while (scan.next()) {
        String key = Keys.objectKey(scan.key(), bucket);
        if (!key.startsWith(prefix)) {
          break;
        }
        if (resume.skips(key)) {
          continue;
        }
        Optional<String> common = commonPrefix(key, prefix, request.delimiter());
        if (common.isPresent() && lastWasPrefix && common.get().equals(lastItem)) {
          continue;
        }
        if (contents.size() + prefixes.size() == request.maxKeys()) {
          truncated = true;
          break;
        }
        if (common.isPresent()) {
          prefixes.add(common.get());
          lastItem = common.get();
          lastWasPrefix = true;
        } else {
          ObjectRecord r = Records.parseObject(scan.value(), bucket + "/" + key);
          contents.add(
              new ObjectSummary(
                  key,
                  r.getSize(),
                  r.getEtag(),
                  Instant.ofEpochMilli(r.getLastModifiedEpochMillis())));
          lastItem = key;
          lastWasPrefix = false;
        }
      }
    }
    Optional<String> token =
        truncated ? Optional.of(Resume.token(lastItem, lastWasPrefix)) : Optional.empty();
    return new ListObjectsResult(contents, prefixes, truncated, token);
  }

  private static Optional<String> commonPrefix(
      String key, String prefix, Optional<String> delimiter) {
    if (delimiter.isEmpty()) {
      return Optional.empty();
    }
    int at = key.indexOf(delimiter.get(), prefix.length());
    return at < 0 ? Optional.empty() : Optional.of(key.substring(0, at + delimiter.get().length()));
  }

  /** The order RocksDB keeps rows in: unsigned UTF-8 bytes, not UTF-16 units. */
  private static int utf8Order(String a, String b) {
    return java.util.Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** Where a listing resumes: after a key (start-after, or a token) or past a common prefix. */
  private static final class Resume {
    final String after;
    final boolean pastPrefix;

    private Resume(String after, boolean pastPrefix) {
      this.after = after;
      this.pastPrefix = pastPrefix;
    }

    static Resume of(ListObjectsRequest request) {
      if (request.continuationToken().isPresent()) {
        String decoded;
        try {
          decoded =
              new String(
                  Base64.getUrlDecoder().decode(request.continuationToken().get()),
                  StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          decoded = "";
        }
        if (!decoded.startsWith("k:") && !decoded.startsWith("p:")) {
          throw new InvalidArgumentException("the continuation token is not valid");
        }
        return new Resume(decoded.substring(2), decoded.startsWith("p:"));
      }
      return new Resume(request.startAfter().orElse(null), false);
    }

    boolean skips(String key) {
      return after != null && (pastPrefix ? key.startsWith(after) : utf8Order(key, after) <= 0);
    }

    static String token(String lastItem, boolean prefix) {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(((prefix ? "p:" : "k:") + lastItem).getBytes(StandardCharsets.UTF_8));
    }
  }
}
