package dev.coffer.engine.internal.ops;

import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.BucketInfo;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.internal.EngineCore;
import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.engine.internal.store.EngineDb.Family;
import dev.coffer.engine.internal.store.Keys;
import dev.coffer.engine.internal.store.Records;
import dev.coffer.format.v1.BucketRecord;
import dev.coffer.format.v1.DefaultEncryption;
import dev.coffer.keystore.AlreadyExistsException;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeyStatus;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.policy.PolicyDocument;
import dev.coffer.keystore.policy.PolicyKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CreateBucket, ListBuckets, DeleteBucket, and the bucket's encryption, policy and tags. */
public final class BucketOperations {
  static final int MAX_TAGS = 50;

  private final EngineCore core;
  private final DefaultKeys defaultKeys;

  public BucketOperations(EngineCore core, DefaultKeys defaultKeys) {
    this.core = core;
    this.defaultKeys = defaultKeys;
  }

  public BucketInfo create(Caller caller, CreateBucketRequest request) {
    return EngineOperation.run(
        core,
        caller,
        "CreateBucket",
        false,
        op -> {
          String name = request.name();
          op.parameter("bucket", name);
          core.access()
              .authorize(
                  op, "s3:CreateBucket", EngineCore.bucketArn(name), Optional.empty(), Map.of());
          if (core.records().bucket(name).isPresent()) {
            throw new AlreadyExistsException("bucket " + name + " already exists");
          }
          BucketEncryption encryption =
              request
                  .encryption()
                  .orElseGet(() -> new BucketEncryption(defaultKeys.defaultKeyArn(), false));
          String keyArn = resolveKey(encryption.kmsKeyId());
          BucketRecord record =
              BucketRecord.newBuilder()
                  .setFormatVersion(Records.FORMAT_VERSION)
                  .setName(name)
                  .setOwner(caller.principal().name())
                  .setCreationEpochMillis(core.clock().millis())
                  .setDefaultEncryption(
                      DefaultEncryption.newBuilder()
                          .setKmsKeyArn(keyArn)
                          .setBucketKeyEnabled(encryption.bucketKeyEnabled()))
                  .build();
          write(record);
          return info(record);
        });
  }

  public List<BucketInfo> list(Caller caller) {
    return EngineOperation.run(
        core,
        caller,
        "ListBuckets",
        true,
        op -> {
          core.access().authorize(op, "s3:ListAllMyBuckets", "*", Optional.empty(), Map.of());
          List<BucketInfo> out = new ArrayList<>();
          try (EngineDb.Scan scan = core.db().scan(Family.BUCKETS, new byte[0], null)) {
            while (scan.next()) {
              String name = new String(scan.key(), java.nio.charset.StandardCharsets.UTF_8);
              core.records().bucket(name).map(BucketOperations::info).ifPresent(out::add);
            }
          }
          return out;
        });
  }

  public void delete(Caller caller, String bucket) {
    onBucket(
        caller,
        "DeleteBucket",
        "s3:DeleteBucket",
        bucket,
        false,
        (op, record) -> {
          try (EngineDb.Scan scan =
              core.db()
                  .scan(Family.OBJECTS, Keys.objectsFrom(bucket, ""), Keys.objectsEnd(bucket))) {
            if (scan.next()) {
              throw new InvalidStateException(
                  "bucket " + bucket + " is not empty (BucketNotEmpty)");
            }
          }
          core.records().deleteBucket(bucket);
          return null;
        });
  }

  public BucketEncryption getEncryption(Caller caller, String bucket) {
    return onBucket(
        caller,
        "GetBucketEncryption",
        "s3:GetEncryptionConfiguration",
        bucket,
        true,
        (op, record) -> encryption(record));
  }

  public void putEncryption(Caller caller, String bucket, BucketEncryption encryption) {
    onBucket(
        caller,
        "PutBucketEncryption",
        "s3:PutEncryptionConfiguration",
        bucket,
        false,
        (op, record) -> {
          String keyArn = resolveKey(encryption.kmsKeyId());
          op.parameter("kmsKeyArn", keyArn);
          write(
              record.toBuilder()
                  .setDefaultEncryption(
                      DefaultEncryption.newBuilder()
                          .setKmsKeyArn(keyArn)
                          .setBucketKeyEnabled(encryption.bucketKeyEnabled()))
                  .build());
          return null;
        });
  }

  public void putPolicy(Caller caller, String bucket, String json) {
    onBucket(
        caller,
        "PutBucketPolicy",
        "s3:PutBucketPolicy",
        bucket,
        false,
        (op, record) -> {
          PolicyDocument.parse(json, PolicyKind.BUCKET_POLICY);
          write(record.toBuilder().setPolicy(json).build());
          return null;
        });
  }

  public Optional<String> getPolicy(Caller caller, String bucket) {
    return onBucket(
        caller,
        "GetBucketPolicy",
        "s3:GetBucketPolicy",
        bucket,
        true,
        (op, record) ->
            record.getPolicy().isEmpty()
                ? Optional.<String>empty()
                : Optional.of(record.getPolicy()));
  }

  public void deletePolicy(Caller caller, String bucket) {
    onBucket(
        caller,
        "DeleteBucketPolicy",
        "s3:DeleteBucketPolicy",
        bucket,
        false,
        (op, record) -> {
          write(record.toBuilder().clearPolicy().build());
          return null;
        });
  }

  public void putTagging(Caller caller, String bucket, Map<String, String> tags) {
    onBucket(
        caller,
        "PutBucketTagging",
        "s3:PutBucketTagging",
        bucket,
        false,
        (op, record) -> {
          if (tags.size() > MAX_TAGS) {
            throw new InvalidArgumentException("at most " + MAX_TAGS + " tags per bucket");
          }
          tags.forEach(
              (k, v) -> {
                if (k.isEmpty() || k.length() > 128 || v.length() > 256 || k.startsWith("aws:")) {
                  throw new InvalidArgumentException(
                      "tag keys are 1-128 characters (not aws:...), values up to 256: " + k);
                }
              });
          write(record.toBuilder().clearTags().putAllTags(tags).build());
          return null;
        });
  }

  public Map<String, String> getTagging(Caller caller, String bucket) {
    return onBucket(
        caller,
        "GetBucketTagging",
        "s3:GetBucketTagging",
        bucket,
        true,
        (op, record) -> Map.copyOf(record.getTagsMap()));
  }

  /** Resolves a key id, alias or ARN to the key's ARN, or says it does not exist. */
  String resolveKey(String keyId) {
    return core.keystore()
        .keyStatus(keyId)
        .map(KeyStatus::keyArn)
        .orElseThrow(() -> new NotFoundException("KMS key " + keyId + " does not exist"));
  }

  private <T> T onBucket(
      Caller caller,
      String event,
      String action,
      String bucket,
      boolean readOnly,
      java.util.function.BiFunction<EngineOperation, BucketRecord, T> body) {
    return EngineOperation.run(
        core,
        caller,
        event,
        readOnly,
        op -> {
          op.parameter("bucket", bucket);
          BucketRecord record = existing(core, bucket);
          core.access()
              .authorize(
                  op,
                  action,
                  EngineCore.bucketArn(bucket),
                  core.bucketPolicies().policyOf(record),
                  Map.of());
          return body.apply(op, record);
        });
  }

  static BucketRecord existing(EngineCore core, String bucket) {
    return core.records()
        .bucket(bucket)
        .orElseThrow(
            () -> new NotFoundException("bucket " + bucket + " does not exist (NoSuchBucket)"));
  }

  private void write(BucketRecord record) {
    core.records().putBucket(record);
  }

  static BucketEncryption encryption(BucketRecord r) {
    return new BucketEncryption(
        r.getDefaultEncryption().getKmsKeyArn(), r.getDefaultEncryption().getBucketKeyEnabled());
  }

  static BucketInfo info(BucketRecord r) {
    return new BucketInfo(
        r.getName(),
        Principal.of(r.getOwner()),
        Instant.ofEpochMilli(r.getCreationEpochMillis()),
        encryption(r));
  }
}
