package dev.coffer.engine.internal.crypto;

import com.google.crypto.tink.subtle.Random;
import com.google.protobuf.ByteString;
import dev.coffer.engine.internal.EngineCore;
import dev.coffer.engine.internal.ops.EngineOperation;
import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.format.v1.BucketKeyRecord;
import dev.coffer.format.v1.BucketKeyReference;
import dev.coffer.format.v1.ObjectRecord;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.DataKey;
import dev.coffer.keystore.DecryptRequest;
import dev.coffer.keystore.Decrypted;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.InsecureSecretAccess;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.KeystoreUnavailableException;
import java.util.Map;

/**
 * Where object data keys come from. Without a bucket key: one GenerateDataKey per put and one
 * Decrypt per get, with {@code kms:ViaService} set. With one: {@code DEK = HKDF-SHA256(bucket key,
 * salt = 32 random bytes, info = the object's associated data)}, the bucket key coming from {@link
 * BucketKeyCache} (one GenerateDataKey, or one Decrypt per reading principal, per bucket-key
 * lifetime). Callers own the returned data keys and zero them.
 */
public final class ObjectKeys {
  public static final String ARN_CONTEXT_KEY = "aws:s3:arn";
  private static final int SALT_LENGTH = 32;

  private final EngineCore core;

  public ObjectKeys(EngineCore core) {
    this.core = core;
  }

  /** A fresh object's data key and how the record refers to it. */
  public record NewObjectKey(byte[] dataKey, int keyVersion, ObjectRecord.Builder reference) {}

  /**
   * The context S3 puts in the key wrap: the object ARN, or the bucket ARN when a bucket key is
   * used, plus the caller's pairs.
   */
  public static EncryptionContext context(
      String bucket, String key, boolean bucketKey, EncryptionContext callerPairs) {
    String arn = bucketKey ? "arn:aws:s3:::" + bucket : "arn:aws:s3:::" + bucket + "/" + key;
    return callerPairs.with(ARN_CONTEXT_KEY, arn);
  }

  public NewObjectKey forPut(
      EngineOperation op,
      String bucket,
      String keyArn,
      boolean bucketKey,
      EncryptionContext context,
      byte[] objectAad) {
    Caller caller = op.caller();
    if (!bucketKey) {
      try (DataKey dk = kms(caller).generateDataKey(GenerateDataKeyRequest.of(keyArn, context))) {
        op.key(keyArn, dk.wrapped().keyVersion());
        return new NewObjectKey(
            dk.plaintext().toByteArray(InsecureSecretAccess.get()),
            dk.wrapped().keyVersion(),
            ObjectRecord.newBuilder().setWrappedDataKey(ByteString.copyFrom(dk.wrapped().blob())));
      }
    }
    byte[] salt = Random.randBytes(SALT_LENGTH);
    while (true) {
      BucketKeyCache.Entry entry =
          core.bucketKeys()
              .forPut(
                  bucket, keyArn, caller.principal(), () -> newBucketKey(caller, bucket, keyArn));
      byte[] dek = BucketKeyCache.derive(entry, salt, objectAad);
      if (dek != null) {
        op.key(entry.keyArn(), entry.keyVersion());
        return new NewObjectKey(
            dek,
            entry.keyVersion(),
            ObjectRecord.newBuilder()
                .setBucketKey(
                    BucketKeyReference.newBuilder()
                        .setBucketKeyId(ByteString.copyFrom(entry.id()))
                        .setSalt(ByteString.copyFrom(salt))));
      }
    }
  }

  /** The data key of a stored object, for {@code op}'s caller (who must pass the key layer). */
  public byte[] forGet(
      EngineOperation op, ObjectRecord record, EncryptionContext context, byte[] objectAad) {
    Caller caller = op.caller();
    // Named before the keystore is asked, so that a refusal's audit record says which key; a
    // bucket key's current version replaces the version the object was written under, below.
    op.key(record.getKmsKeyArn(), record.getKmsKeyVersion());
    if (record.hasWrappedDataKey()) {
      try (Decrypted d =
          kms(caller)
              .decrypt(DecryptRequest.of(record.getWrappedDataKey().toByteArray(), context))) {
        return d.plaintext().toByteArray(InsecureSecretAccess.get());
      }
    }
    byte[] id = record.getBucketKey().getBucketKeyId().toByteArray();
    while (true) {
      BucketKeyCache.Entry entry =
          core.bucketKeys().forGet(id, caller.principal(), () -> loadBucketKey(caller, id));
      op.key(entry.keyArn(), entry.keyVersion());
      byte[] dek =
          BucketKeyCache.derive(entry, record.getBucketKey().getSalt().toByteArray(), objectAad);
      if (dek != null) {
        return dek;
      }
    }
  }

  private BucketKeyCache.Entry newBucketKey(Caller caller, String bucket, String keyArn) {
    EncryptionContext context = EncryptionContext.of(ARN_CONTEXT_KEY, "arn:aws:s3:::" + bucket);
    long revision = core.keystore().keyStatus(keyArn).map(s -> s.accessRevision()).orElse(-1L);
    try (DataKey dk = kms(caller).generateDataKey(GenerateDataKeyRequest.of(keyArn, context))) {
      byte[] id = Random.randBytes(16);
      BucketKeyRecord record =
          BucketKeyRecord.newBuilder()
              .setBucketKeyId(ByteString.copyFrom(id))
              .setBucket(bucket)
              .setKmsKeyArn(dk.wrapped().keyArn())
              .setKmsKeyVersion(dk.wrapped().keyVersion())
              .setPrincipal(caller.principal().name())
              .setWrappedKey(ByteString.copyFrom(dk.wrapped().blob()))
              .setCreationEpochMillis(core.clock().millis())
              .build();
      try (EngineDb.Batch b = core.db().batch()) {
        b.put(EngineDb.Family.BUCKET_KEYS, id, record.toByteArray()).commit();
      }
      return new BucketKeyCache.Entry(
          id,
          dk.wrapped().keyArn(),
          dk.wrapped().keyVersion(),
          revision,
          core.clock().instant(),
          dk.plaintext().toByteArray(InsecureSecretAccess.get()));
    }
  }

  private BucketKeyCache.Entry loadBucketKey(Caller caller, byte[] id) {
    BucketKeyRecord record =
        core.records()
            .bucketKey(id)
            .orElseThrow(
                () ->
                    new KeystoreUnavailableException(
                        ErrorCode.INTEGRITY_FAILURE, "an object's bucket key record is missing"));
    long revision =
        core.keystore().keyStatus(record.getKmsKeyArn()).map(s -> s.accessRevision()).orElse(-1L);
    EncryptionContext context =
        EncryptionContext.of(Map.of(ARN_CONTEXT_KEY, "arn:aws:s3:::" + record.getBucket()));
    try (Decrypted d =
        kms(caller).decrypt(DecryptRequest.of(record.getWrappedKey().toByteArray(), context))) {
      return new BucketKeyCache.Entry(
          id,
          record.getKmsKeyArn(),
          record.getKmsKeyVersion(),
          revision,
          core.clock().instant(),
          d.plaintext().toByteArray(InsecureSecretAccess.get()));
    }
  }

  private KeyService kms(Caller caller) {
    return core.keystore().as(caller.via(core.settings().viaService()));
  }
}
