package dev.coffer.grpc;

import static dev.coffer.grpc.SidecarFixture.APP;
import static dev.coffer.grpc.SidecarFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.AlreadyExistsException;
import dev.coffer.keystore.Ciphertext;
import dev.coffer.keystore.CreateGrantRequest;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.CreatedGrant;
import dev.coffer.keystore.DataKey;
import dev.coffer.keystore.DecryptRequest;
import dev.coffer.keystore.Decrypted;
import dev.coffer.keystore.EncryptRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.GrantOperation;
import dev.coffer.keystore.IncorrectKeyException;
import dev.coffer.keystore.InsecureSecretAccess;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.KeyUnavailableException;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.ReEncryptRequest;
import dev.coffer.keystore.ReEncrypted;
import dev.coffer.keystore.TagResourceRequest;
import dev.coffer.keystore.UntagResourceRequest;
import dev.coffer.keystore.VersionOrigin;
import dev.coffer.keystore.VersionState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KeyService through the Java client: each RPC returns what the embedded keystore returns. */
class KeyServiceTest {
  static final EncryptionContext CONTEXT = EncryptionContext.of("tenant", "acme");

  @TempDir Path dir;
  SidecarFixture fx;
  KeyService kms;
  KeyMetadata key;

  @BeforeEach
  void setUp() {
    fx = new SidecarFixture(dir);
    kms = fx.client(ROOT).keys();
    key =
        kms.createKey(
            CreateKeyRequest.builder().description("orders").tag("team", "billing").build());
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void createDescribeAndList_showWhatTheKeystoreHolds() {
    assertThat(key.description()).isEqualTo("orders");
    assertThat(key.tags()).containsEntry("team", "billing");
    assertThat(key.creator()).isEqualTo(ROOT);
    assertThat(kms.describeKey(key.keyId())).isEqualTo(fx.embeddedKms().describeKey(key.keyId()));
    assertThat(kms.listKeys()).isEqualTo(fx.embeddedKms().listKeys());
    assertThat(kms.caller().principal()).isEqualTo(ROOT);
  }

  @Test
  void tags_setChangedListedAndRemovedOverTheWire_asEmbedded() {
    kms.tagResource(TagResourceRequest.of(key.keyId(), Map.of("team", "payments", "cost", "")));
    kms.untagResource(UntagResourceRequest.of(key.keyId(), List.of("cost", "missing")));
    assertThat(kms.listResourceTags(key.keyId()))
        .containsExactly(Map.entry("team", "payments"))
        .isEqualTo(fx.embeddedKms().listResourceTags(key.keyId()));
    assertThatThrownBy(
            () ->
                fx.client(APP)
                    .keys()
                    .tagResource(TagResourceRequest.of(key.keyId(), Map.of("team", "x"))))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("kms:TagResource");
    kms.scheduleKeyDeletion(key.keyId(), 7);
    assertThatThrownBy(
            () -> kms.tagResource(TagResourceRequest.of(key.keyId(), Map.of("team", "x"))))
        .isInstanceOf(InvalidStateException.class);
    assertThat(kms.listResourceTags(key.keyId())).containsEntry("team", "payments");
  }

  @Test
  void updateKeyDescription_changesWhatDescribeShows() {
    assertThat(kms.updateKeyDescription(key.keyId(), "invoices").description())
        .isEqualTo("invoices");
    assertThat(fx.embeddedKms().describeKey(key.keyId()).description()).isEqualTo("invoices");
  }

  @Test
  void lifecycle_disableEnableScheduleAndCancelDeletion() {
    assertThat(kms.disableKey(key.keyId()).keyState()).isEqualTo(KeyState.DISABLED);
    assertThat(kms.enableKey(key.keyId()).keyState()).isEqualTo(KeyState.ENABLED);
    KeyMetadata pending = kms.scheduleKeyDeletion(key.keyId(), 7);
    assertThat(pending.keyState()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(pending.pendingDeletionWindowInDays()).contains(7);
    assertThat(pending.deletionDate()).isPresent();
    assertThat(kms.cancelKeyDeletion(key.keyId()).keyState()).isEqualTo(KeyState.DISABLED);
  }

  @Test
  void keyPolicies_getListAndPut() {
    String policy = kms.getKeyPolicy(key.keyId());
    assertThat(policy).isEqualTo(fx.embeddedKms().getKeyPolicy(key.keyId()));
    assertThat(kms.listKeyPolicies(key.keyId())).containsExactly("default");
    kms.putKeyPolicy(key.keyId(), policy.replace("\"Sid\"", "\"Sid\""), false);
    assertThat(kms.getKeyPolicy(key.keyId())).isEqualTo(policy);
  }

  @Test
  void grants_createListRetireAndRevoke_letTheGranteeUseTheKey() {
    CreatedGrant grant =
        kms.createGrant(
            CreateGrantRequest.builder()
                .keyId(key.keyId())
                .grantee(APP)
                .operations(Set.of(GrantOperation.GENERATE_DATA_KEY, GrantOperation.DECRYPT))
                .constraintSubset(CONTEXT.asMap())
                .retiringPrincipal(ROOT)
                .name("app-grant")
                .build());
    assertThat(grant.toString()).doesNotContain(grant.grantToken());
    assertThat(kms.listGrants(key.keyId())).isEqualTo(fx.embeddedKms().listGrants(key.keyId()));
    assertThat(kms.listGrants(key.keyId()).get(0).operations())
        .containsExactlyInAnyOrder(GrantOperation.GENERATE_DATA_KEY, GrantOperation.DECRYPT);
    assertThat(kms.listRetirableGrants(ROOT)).hasSize(1);

    KeyService app = fx.client(APP).keys();
    try (DataKey dk = app.generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT))) {
      assertThat(dk.plaintext().length()).isEqualTo(32);
    }
    kms.retireGrant(grant.grantToken());
    assertThatThrownBy(() -> app.generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT)))
        .isInstanceOf(AccessDeniedException.class);

    CreatedGrant second =
        kms.createGrant(
            CreateGrantRequest.builder()
                .keyId(key.keyId())
                .grantee(APP)
                .operation(GrantOperation.DECRYPT)
                .build());
    kms.revokeGrant(key.keyId(), second.grantId());
    CreatedGrant third =
        kms.createGrant(
            CreateGrantRequest.builder()
                .keyId(key.keyId())
                .grantee(APP)
                .operation(GrantOperation.DECRYPT)
                .retiringPrincipal(ROOT)
                .build());
    kms.retireGrant(key.keyId(), third.grantId());
    assertThat(kms.listGrants(key.keyId())).isEmpty();
  }

  @Test
  void identityPolicies_putGetListDelete() {
    String doc =
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:Encrypt\","
            + "\"Resource\":\"*\"}}";
    kms.putPrincipalPolicy(APP, "Enc", doc);
    assertThat(kms.getPrincipalPolicy(APP, "Enc"))
        .isEqualTo(fx.embeddedKms().getPrincipalPolicy(APP, "Enc"));
    assertThat(kms.listPrincipalPolicies(APP)).containsExactly("Enc");
    kms.deletePrincipalPolicy(APP, "Enc");
    assertThat(kms.listPrincipalPolicies(APP)).isEmpty();
    assertThatThrownBy(() -> kms.getPrincipalPolicy(APP, "Enc"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aliases_createUpdateListDelete() {
    KeyMetadata other = kms.createKey(CreateKeyRequest.defaults());
    assertThat(kms.createAlias("alias/orders", key.keyId()).targetKeyId()).isEqualTo(key.keyId());
    assertThatThrownBy(() -> kms.createAlias("alias/orders", key.keyId()))
        .isInstanceOf(AlreadyExistsException.class);
    assertThat(kms.updateAlias("alias/orders", other.keyId()).targetKeyId())
        .isEqualTo(other.keyId());
    assertThat(kms.listAliases(other.keyId()))
        .extracting(a -> a.aliasName())
        .contains("alias/orders");
    assertThat(kms.listAliases()).isEqualTo(fx.embeddedKms().listAliases());
    assertThat(kms.describeKey("alias/orders").keyId()).isEqualTo(other.keyId());
    kms.deleteAlias("alias/orders");
    assertThatThrownBy(() -> kms.describeKey("alias/orders")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void rotation_onDemandAutomaticStatusListRetireAndDestroyVersions() {
    assertThat(kms.rotateKeyOnDemand(key.keyId()).version()).isEqualTo(2);
    assertThat(kms.rotateKeyOnDemand(key.keyId()).origin()).isEqualTo(VersionOrigin.ON_DEMAND);
    assertThat(kms.enableKeyRotation(key.keyId(), 90).rotationEnabled()).isTrue();
    assertThat(kms.getKeyRotationStatus(key.keyId()).rotationPeriodInDays()).contains(90);
    assertThat(kms.disableKeyRotation(key.keyId()).rotationEnabled()).isFalse();
    assertThat(kms.listKeyRotations(key.keyId()))
        .extracting(r -> r.version())
        .containsExactly(2, 3);
    KeyMetadata retired = kms.updateMinDecryptionVersion(key.keyId(), 2);
    assertThat(retired.minDecryptionVersion()).isEqualTo(2);
    assertThat(retired.version(1).orElseThrow().state()).isEqualTo(VersionState.RETIRED);
    KeyMetadata destroyed = kms.destroyKeyVersion(key.keyId(), 1);
    assertThat(destroyed.version(1).orElseThrow().state()).isEqualTo(VersionState.DESTROYED);
    assertThat(destroyed.version(1).orElseThrow().destroyedDate()).isPresent();
  }

  @Test
  void dataKeys_generateDecryptAndReEncrypt_interoperateWithTheEmbeddedKeystore() {
    KeyMetadata other = kms.createKey(CreateKeyRequest.defaults());
    byte[] plaintext;
    Ciphertext wrapped;
    try (DataKey dk = kms.generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT))) {
      plaintext = dk.plaintext().toByteArray(InsecureSecretAccess.get());
      wrapped = dk.wrapped();
    }
    assertThat(wrapped.keyArn()).isEqualTo(key.arn());
    try (Decrypted local = fx.embeddedKms().decrypt(DecryptRequest.of(wrapped, CONTEXT))) {
      assertThat(local.plaintext().toByteArray(InsecureSecretAccess.get())).isEqualTo(plaintext);
    }
    Ciphertext bare =
        kms.generateDataKeyWithoutPlaintext(
            GenerateDataKeyRequest.builder().keyId(key.keyId()).numberOfBytes(16).build());
    try (Decrypted d = kms.decrypt(DecryptRequest.of(bare, EncryptionContext.empty()))) {
      assertThat(d.plaintext().length()).isEqualTo(16);
      assertThat(d.keyVersion()).isEqualTo(1);
    }
    ReEncrypted moved =
        kms.reEncrypt(
            ReEncryptRequest.builder()
                .ciphertextBlob(wrapped.blob())
                .sourceEncryptionContext(CONTEXT)
                .destinationKeyId(other.keyId())
                .build());
    assertThat(moved.sourceKeyArn()).isEqualTo(key.arn());
    try (Decrypted d = kms.decrypt(DecryptRequest.of(moved.ciphertext(), CONTEXT))) {
      assertThat(d.keyArn()).isEqualTo(other.arn());
      assertThat(d.plaintext().toByteArray(InsecureSecretAccess.get())).isEqualTo(plaintext);
    }
    assertThatThrownBy(
            () ->
                kms.decrypt(DecryptRequest.of(moved.ciphertext(), CONTEXT).withKeyId(key.keyId())))
        .isInstanceOf(IncorrectKeyException.class);
  }

  @Test
  void encryptThenDecrypt_roundTripsSmallSecrets() {
    byte[] secret = "p@ssw0rd".getBytes(StandardCharsets.UTF_8);
    Ciphertext c = kms.encrypt(EncryptRequest.of(key.keyId(), secret, CONTEXT));
    try (Decrypted d = kms.decrypt(DecryptRequest.of(c, CONTEXT))) {
      assertThat(d.plaintext().toByteArray(InsecureSecretAccess.get())).isEqualTo(secret);
    }
  }

  @Test
  void aDisabledKey_throwsKeyUnavailableWithItsCodeAndArn_asEmbedded() {
    kms.disableKey(key.keyId());
    assertThatThrownBy(() -> kms.generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT)))
        .isInstanceOfSatisfying(
            KeyUnavailableException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.KEY_DISABLED);
              assertThat(e.keyArn()).isEqualTo(key.arn());
            });
  }

  @Test
  void aCallerWithoutPermission_getsAccessDeniedWithTheExplanation() {
    assertThatThrownBy(() -> fx.client(APP).keys().describeKey(key.keyId()))
        .isInstanceOfSatisfying(
            AccessDeniedException.class,
            e -> {
              assertThat(e.getMessage()).contains("kms:DescribeKey");
              assertThat(e.explanation()).isNotBlank();
            });
    assertThat(fx.client(APP).keys().caller().principal()).isEqualTo(APP);
    assertThat(List.of(APP)).isNotEmpty();
  }
}
