package dev.coffer.engine.internal;

import com.google.protobuf.ByteString;
import dev.coffer.engine.internal.crypto.MetadataSealer;
import dev.coffer.engine.internal.ops.DefaultKeys;
import dev.coffer.engine.internal.ops.ManagedKeyPolicy;
import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.engine.internal.store.EngineDb.Family;
import dev.coffer.engine.internal.store.KeyCounts;
import dev.coffer.engine.internal.store.Keys;
import dev.coffer.engine.internal.store.Records;
import dev.coffer.format.v1.EngineMeta;
import dev.coffer.format.v1.PendingUpload;
import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.DataKey;
import dev.coffer.keystore.DecryptRequest;
import dev.coffer.keystore.Decrypted;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.InsecureSecretAccess;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.KeyStatus;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.KeystoreUnavailableException;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.audit.AuditHead;
import dev.coffer.keystore.audit.VerificationReport;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What opening an engine does besides opening its stores: refuse a keystore older than the one last
 * seen, obtain the metadata key (creating it on first open), and delete the segments of uploads a
 * crash interrupted.
 */
final class EngineBootstrap {
  static final String METADATA_KEY_ALIAS = "alias/coffer/engine-metadata";
  private static final EncryptionContext METADATA_CONTEXT =
      EncryptionContext.of("coffer:purpose", "metadata");

  private EngineBootstrap() {}

  /** Checks rollback, records the keystore generation, returns the metadata sealer. */
  static MetadataSealer open(Keystore keystore, EngineDb db, EngineSettings settings) {
    Records records = new Records(db);
    Caller engine = Caller.of(Principal.accountRoot(settings.account())).via(settings.viaService());
    KeyService kms = keystore.as(engine);
    EngineMeta meta = records.meta().orElse(null);
    if (meta != null && keystore.generation() < meta.getKeystoreGeneration()) {
      throw new KeystoreUnavailableException(
          ErrorCode.ROLLBACK_DETECTED,
          "the keystore is at generation "
              + keystore.generation()
              + " but this object store has seen generation "
              + meta.getKeystoreGeneration()
              + ": it is an old copy");
    }
    if (meta != null) {
      checkAuditHead(keystore, meta);
    }
    byte[] key;
    if (meta == null || meta.getWrappedMetadataKey().isEmpty()) {
      String arn = metadataKeyArn(keystore, kms, settings);
      try (DataKey dk = kms.generateDataKey(GenerateDataKeyRequest.of(arn, METADATA_CONTEXT))) {
        key = dk.plaintext().toByteArray(InsecureSecretAccess.get());
        meta =
            EngineMeta.newBuilder()
                .setFormatVersion(Records.FORMAT_VERSION)
                .setWrappedMetadataKey(ByteString.copyFrom(dk.wrapped().blob()))
                .setMetadataKeyArn(arn)
                .setManagedKeyPolicyVersion(ManagedKeyPolicy.VERSION)
                .build();
      }
    } else {
      try (Decrypted d =
          kms.decrypt(
              DecryptRequest.of(meta.getWrappedMetadataKey().toByteArray(), METADATA_CONTEXT))) {
        key = d.plaintext().toByteArray(InsecureSecretAccess.get());
      }
    }
    if (meta.getManagedKeyPolicyVersion() < ManagedKeyPolicy.VERSION) {
      protectManagedKeys(keystore, kms, meta.getMetadataKeyArn(), settings);
      meta = meta.toBuilder().setManagedKeyPolicyVersion(ManagedKeyPolicy.VERSION).build();
    }
    records.putMeta(meta.toBuilder().setKeystoreGeneration(keystore.generation()).build());
    collectOrphans(db);
    KeyCounts.buildIfAbsent(db);
    return new MetadataSealer(key);
  }

  /**
   * Remembers the keystore generation and the audit log's head at close, so that an older keystore
   * or a log cut back before that head is refused next time.
   */
  static void close(Keystore keystore, EngineDb db) {
    Records records = new Records(db);
    Optional<EngineMeta> meta = records.meta();
    if (meta.isEmpty()) {
      return;
    }
    EngineMeta.Builder next = meta.get().toBuilder().setKeystoreGeneration(keystore.generation());
    keystore
        .auditLog()
        .ifPresent(
            log -> {
              // A signed digest is durable and anchored in the keystore before it returns: the
              // head remembered here is one a crash cannot take back.
              AuditHead head = log.sign();
              next.setAuditSequence(head.sequence())
                  .setAuditHash(ByteString.copyFrom(HexFormat.of().parseHex(head.hash())));
            });
    records.putMeta(next.build());
  }

  /**
   * The object store is a third witness of the audit log, beside the log and the keystore: a log
   * replaced together with the keystore's record of it is still refused.
   */
  private static void checkAuditHead(Keystore keystore, EngineMeta meta) {
    if (meta.getAuditSequence() == 0 || keystore.auditLog().isEmpty()) {
      return;
    }
    AuditHead head =
        new AuditHead(
            meta.getAuditSequence(), HexFormat.of().formatHex(meta.getAuditHash().toByteArray()));
    VerificationReport report = keystore.auditLog().get().verifyReaches(head);
    if (!report.intact()) {
      throw new AuditUnavailableException(
          "the audit log does not hold record "
              + head.sequence()
              + " as this object store last saw it ("
              + report.problem().map(Object::toString).orElse("unknown problem")
              + "): it was cut back, replaced or edited");
    }
  }

  /**
   * Gives managed keys that an earlier version created the policy of this one, where they still
   * have the policy Coffer gave them ({@link ManagedKeyPolicy#upgrade}); tried once per store.
   */
  private static void protectManagedKeys(
      Keystore keystore, KeyService kms, String metadataKeyArn, EngineSettings settings) {
    String account = settings.account();
    String via = settings.viaService();
    ManagedKeyPolicy.upgrade(
        kms, metadataKeyArn, ManagedKeyPolicy.forMetadataKey(account, via), account, via);
    keystore
        .keyStatus(DefaultKeys.DEFAULT_ALIAS)
        .ifPresent(
            k ->
                ManagedKeyPolicy.upgrade(
                    kms, k.keyArn(), ManagedKeyPolicy.forDefaultKey(account, via), account, via));
  }

  private static String metadataKeyArn(Keystore keystore, KeyService kms, EngineSettings settings) {
    return keystore
        .keyStatus(METADATA_KEY_ALIAS)
        .map(KeyStatus::keyArn)
        .orElseGet(
            () -> {
              KeyMetadata k =
                  kms.createKey(
                      CreateKeyRequest.builder()
                          .description(
                              "Coffer engine: seals object content types and user metadata")
                          .tag("coffer:managed", "true")
                          .policy(
                              ManagedKeyPolicy.forMetadataKey(
                                  settings.account(), settings.viaService()))
                          .build());
              kms.createAlias(METADATA_KEY_ALIAS, k.keyId());
              return k.arn();
            });
  }

  /** Deletes the segments of uploads that never committed, and their markers. */
  static int collectOrphans(EngineDb db) {
    List<byte[]> versions = new ArrayList<>();
    try (EngineDb.Scan scan =
        db.scan(Family.META, Keys.pendingUploadsFrom(), Keys.pendingUploadsEnd())) {
      while (scan.next()) {
        try {
          versions.add(PendingUpload.parseFrom(scan.value()).getVersionId().toByteArray());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          throw new KeystoreUnavailableException(
              ErrorCode.INTEGRITY_FAILURE, "a pending-upload marker is damaged");
        }
      }
    }
    for (byte[] version : versions) {
      try (EngineDb.Batch b = db.batch()) {
        b.deleteRange(Family.CHUNKS, Keys.chunk(version, 0), Keys.chunksEnd(version))
            .delete(Family.META, Keys.pendingUpload(version))
            .commit();
      }
    }
    return versions.size();
  }
}
