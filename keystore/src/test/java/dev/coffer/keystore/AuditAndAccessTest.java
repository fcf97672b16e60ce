package dev.coffer.keystore;

import static dev.coffer.keystore.KeystoreFixture.ALICE;
import static dev.coffer.keystore.KeystoreFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditAndAccessTest extends KeystoreTestBase {
  private static final EncryptionContext CONTEXT = EncryptionContext.of("case", "audit");

  @BeforeEach
  void startWithAnEmptyTrail() {
    fx.audit.clear();
  }

  /** Each call, what it is named in the audit log. */
  private List<Map.Entry<String, Consumer<KeyService>>> everyOperation() {
    Ciphertext ct = kms.encrypt(EncryptRequest.of(key.keyId(), new byte[] {1}, CONTEXT));
    fx.audit.clear();
    return List.of(
        Map.entry("CreateKey", k -> k.createKey(CreateKeyRequest.defaults())),
        Map.entry("DescribeKey", k -> k.describeKey(key.keyId())),
        Map.entry("ListKeys", KeyService::listKeys),
        Map.entry("DisableKey", k -> k.disableKey(key.keyId())),
        Map.entry("EnableKey", k -> k.enableKey(key.keyId())),
        Map.entry("CreateAlias", k -> k.createAlias("alias/audited", key.keyId())),
        Map.entry("UpdateAlias", k -> k.updateAlias("alias/audited", key.keyId())),
        Map.entry("ListAliases", KeyService::listAliases),
        Map.entry("DeleteAlias", k -> k.deleteAlias("alias/audited")),
        Map.entry("EnableKeyRotation", k -> k.enableKeyRotation(key.keyId(), 365)),
        Map.entry("GetKeyRotationStatus", k -> k.getKeyRotationStatus(key.keyId())),
        Map.entry("DisableKeyRotation", k -> k.disableKeyRotation(key.keyId())),
        Map.entry("RotateKeyOnDemand", k -> k.rotateKeyOnDemand(key.keyId())),
        Map.entry("ListKeyRotations", k -> k.listKeyRotations(key.keyId())),
        Map.entry("UpdateMinDecryptionVersion", k -> k.updateMinDecryptionVersion(key.keyId(), 1)),
        Map.entry(
            "GenerateDataKey",
            k -> k.generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT)).close()),
        Map.entry(
            "GenerateDataKeyWithoutPlaintext",
            k ->
                k.generateDataKeyWithoutPlaintext(GenerateDataKeyRequest.of(key.keyId(), CONTEXT))),
        Map.entry(
            "Encrypt", k -> k.encrypt(EncryptRequest.of(key.keyId(), new byte[] {2}, CONTEXT))),
        Map.entry("Decrypt", k -> k.decrypt(DecryptRequest.of(ct, CONTEXT)).close()),
        Map.entry(
            "ReEncrypt",
            k ->
                k.reEncrypt(
                    ReEncryptRequest.builder()
                        .ciphertextBlob(ct.blob())
                        .sourceEncryptionContext(CONTEXT)
                        .destinationKeyId(key.keyId())
                        .build())),
        Map.entry("ScheduleKeyDeletion", k -> k.scheduleKeyDeletion(key.keyId(), 7)),
        Map.entry("CancelKeyDeletion", k -> k.cancelKeyDeletion(key.keyId())));
  }

  @Test
  void everyOperation_appendsExactlyOneAllowedEvent() {
    for (Map.Entry<String, Consumer<KeyService>> op : everyOperation()) {
      fx.audit.clear();
      op.getValue().accept(kms);
      assertThat(fx.audit.events()).as(op.getKey()).hasSize(1);
      AuditEvent e = fx.audit.last();
      assertThat(e.eventName()).isEqualTo(op.getKey());
      assertThat(e.outcome()).isEqualTo(AuditOutcome.ALLOWED);
      assertThat(e.caller().principal()).isEqualTo(KeystoreFixture.ADMIN);
      assertThat(e.eventSource()).isEqualTo("keystore");
      assertThat(e.accessExplanation()).isPresent();
    }
  }

  @Test
  void everyKeyOperation_byAStranger_isDeniedAndAudited_andChangesNothing() {
    KeyService bob = fx.as(BOB);
    kms.createAlias("alias/audited", key.keyId());
    List<Map.Entry<String, Consumer<KeyService>>> operations = everyOperation();
    long generation = fx.keystore().generation();
    for (Map.Entry<String, Consumer<KeyService>> op : operations) {
      if (List.of("CreateKey", "ListKeys", "ListAliases").contains(op.getKey())) {
        continue;
      }
      fx.audit.clear();
      assertThatThrownBy(() -> op.getValue().accept(bob))
          .as(op.getKey())
          .isInstanceOf(AccessDeniedException.class);
      AuditEvent e = fx.audit.last();
      assertThat(e.outcome()).as(op.getKey()).isEqualTo(AuditOutcome.DENIED);
      assertThat(e.errorCode()).contains(ErrorCode.ACCESS_DENIED);
      assertThat(e.accessExplanation().orElseThrow())
          .contains("lets the account's identity policies decide");
      assertThat(e.keyArn()).contains(key.arn());
    }
    assertThat(fx.keystore().generation()).isEqualTo(generation);
  }

  @Test
  void theAccountRootAndAdministrators_mayUseKeysWithTheDefaultPolicy() {
    fx.close();
    fx = new KeystoreFixture(dir, b -> b.administrator(ALICE));
    KeyMetadata k = fx.newKey();
    fx.as(ALICE).generateDataKey(GenerateDataKeyRequest.of(k.keyId(), CONTEXT)).close();
    assertThat(fx.audit.last().accessExplanation().orElseThrow())
        .contains("implicit policy of keystore administrator " + ALICE);
    fx.admin().generateDataKey(GenerateDataKeyRequest.of(k.keyId(), CONTEXT)).close();
    assertThat(fx.audit.last().accessExplanation().orElseThrow())
        .contains("implicit policy of the account root");
  }

  @Test
  void cryptoEvents_recordKeyVersionAndContext_neverMaterial() {
    DataKey dk = kms.generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT));
    byte[] secret = dk.plaintext().toByteArray(InsecureSecretAccess.get());
    AuditEvent e = fx.audit.last();
    assertThat(e.keyArn()).contains(key.arn());
    assertThat(e.keyVersion()).hasValue(1);
    assertThat(e.encryptionContext()).isEqualTo(CONTEXT);
    assertThat(e.readOnly()).isTrue();
    kms.decrypt(DecryptRequest.of(dk.wrapped(), CONTEXT)).close();
    for (AuditEvent event : fx.audit.events()) {
      String text = event.toString();
      assertThat(text)
          .doesNotContain(HexFormat.of().formatHex(secret))
          .doesNotContain(Base64.getEncoder().encodeToString(secret));
    }
    dk.close();
  }

  @Test
  void failures_areAuditedWithTheirErrorCode() {
    Ciphertext ct = kms.encrypt(EncryptRequest.of(key.keyId(), new byte[] {1}, CONTEXT));
    fx.audit.clear();
    assertThatThrownBy(() -> kms.decrypt(DecryptRequest.of(ct, EncryptionContext.empty())))
        .isInstanceOf(InvalidCiphertextException.class);
    AuditEvent e = fx.audit.last();
    assertThat(e.outcome()).isEqualTo(AuditOutcome.ERROR);
    assertThat(e.errorCode()).contains(ErrorCode.INTEGRITY_FAILURE);
    assertThat(e.eventName()).isEqualTo("Decrypt");
  }

  @Test
  void whenTheAuditSinkFails_theOperationIsRefused_andPlaintextWithheld() {
    fx.audit.failFromNowOn(true);
    assertThatThrownBy(() -> kms.generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT)))
        .isInstanceOf(AuditUnavailableException.class)
        .hasMessageContaining("GenerateDataKey was refused");
    assertThatThrownBy(() -> kms.describeKey(key.keyId()))
        .isInstanceOf(AuditUnavailableException.class);
    assertThatThrownBy(() -> fx.as(BOB).describeKey(key.keyId()))
        .as("even a denial is not reported without its record")
        .isInstanceOf(AuditUnavailableException.class);
    fx.audit.failFromNowOn(false);
    assertThat(kms.describeKey(key.keyId()).enabled()).isTrue();
  }

  @Test
  void customAuthorizer_seesTheActionResourceAndContext() {
    fx.close();
    java.util.List<AccessRequest> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    fx =
        new KeystoreFixture(
            dir,
            b ->
                b.authorizer(
                    r -> {
                      seen.add(r);
                      return r.encryptionContext().asMap().containsKey("deny")
                          ? AccessDecision.deny("context says deny")
                          : AccessDecision.allow("test");
                    }));
    KeyService k = fx.admin();
    k.generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT)).close();
    AccessRequest r = seen.get(seen.size() - 1);
    assertThat(r.action()).isEqualTo("kms:GenerateDataKey");
    assertThat(r.resource()).isEqualTo(key.arn());
    assertThat(r.encryptionContext()).isEqualTo(CONTEXT);
    assertThatThrownBy(
            () ->
                k.generateDataKey(
                    GenerateDataKeyRequest.of(key.keyId(), EncryptionContext.of("deny", "1"))))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("context says deny");
  }
}
