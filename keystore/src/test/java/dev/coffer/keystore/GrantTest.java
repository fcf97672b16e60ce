package dev.coffer.keystore;

import static dev.coffer.keystore.KeystoreFixture.ALICE;
import static dev.coffer.keystore.KeystoreFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GrantTest extends KeystoreTestBase {
  private static final EncryptionContext CONTEXT = EncryptionContext.of("tenant", "acme");

  private CreatedGrant grant(Principal grantee, GrantOperation... ops) {
    CreateGrantRequest.Builder b = CreateGrantRequest.builder().keyId(key.keyId()).grantee(grantee);
    for (GrantOperation op : ops) {
      b.operation(op);
    }
    return fx.admin().createGrant(b.build());
  }

  @Test
  void aGrant_allowsExactlyItsOperations() {
    Ciphertext ct = kms.encrypt(EncryptRequest.of(key.keyId(), new byte[] {7}, CONTEXT));
    assertThatThrownBy(() -> fx.as(ALICE).decrypt(DecryptRequest.of(ct, CONTEXT)))
        .isInstanceOf(AccessDeniedException.class);
    CreatedGrant g = grant(ALICE, GrantOperation.DECRYPT);
    assertThat(g.toString()).doesNotContain(g.grantToken());
    try (Decrypted d = fx.as(ALICE).decrypt(DecryptRequest.of(ct, CONTEXT))) {
      assertThat(d.plaintext().toByteArray(InsecureSecretAccess.get())).containsExactly(7);
    }
    assertThat(fx.audit.last().accessExplanation().orElseThrow()).contains("grant " + g.grantId());
    assertThatThrownBy(
            () -> fx.as(ALICE).encrypt(EncryptRequest.of(key.keyId(), new byte[] {1}, CONTEXT)))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> fx.as(BOB).decrypt(DecryptRequest.of(ct, CONTEXT)))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void constraints_limitTheGrantToMatchingContexts() {
    kms.createGrant(
        CreateGrantRequest.builder()
            .keyId(key.keyId())
            .grantee(ALICE)
            .operation(GrantOperation.GENERATE_DATA_KEY)
            .constraintSubset(Map.of("TENANT", "acme"))
            .build());
    fx.as(ALICE)
        .generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT.with("extra", "1")))
        .close();
    assertThatThrownBy(
            () ->
                fx.as(ALICE)
                    .generateDataKey(
                        GenerateDataKeyRequest.of(
                            key.keyId(), EncryptionContext.of("tenant", "ACME"))))
        .isInstanceOf(AccessDeniedException.class);
    kms.createGrant(
        CreateGrantRequest.builder()
            .keyId(key.keyId())
            .grantee(BOB)
            .operation(GrantOperation.GENERATE_DATA_KEY)
            .constraintEquals(Map.of("tenant", "acme"))
            .build());
    fx.as(BOB).generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT)).close();
    assertThatThrownBy(
            () ->
                fx.as(BOB)
                    .generateDataKey(
                        GenerateDataKeyRequest.of(key.keyId(), CONTEXT.with("extra", "1"))))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void grants_listRetireByTokenAndRevoke() {
    CreatedGrant byToken =
        kms.createGrant(
            CreateGrantRequest.builder()
                .keyId(key.keyId())
                .grantee(ALICE)
                .operation(GrantOperation.DECRYPT)
                .retiringPrincipal(BOB)
                .name("reader")
                .build());
    CreatedGrant revoked = grant(ALICE, GrantOperation.ENCRYPT);
    assertThat(kms.listGrants(key.keyId()))
        .extracting(GrantInfo::grantId)
        .containsExactlyInAnyOrder(byToken.grantId(), revoked.grantId());
    assertThatThrownBy(() -> fx.as(BOB).listRetirableGrants(BOB))
        .as("listing needs kms:ListRetirableGrants")
        .isInstanceOf(AccessDeniedException.class);
    assertThat(kms.listRetirableGrants(BOB))
        .singleElement()
        .extracting(GrantInfo::name)
        .isEqualTo("reader");
    assertThatThrownBy(() -> fx.as(ALICE).retireGrant(byToken.grantToken()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("only its retiring principal");
    fx.as(BOB).retireGrant(byToken.grantToken());
    assertThatThrownBy(() -> fx.as(BOB).retireGrant(byToken.grantToken()))
        .isInstanceOf(NotFoundException.class);
    kms.revokeGrant(key.keyId(), revoked.grantId());
    assertThat(kms.listGrants(key.keyId())).isEmpty();
    assertThatThrownBy(() -> kms.revokeGrant(key.keyId(), revoked.grantId()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void grants_surviveRestart_andDieWithTheKey() {
    CreatedGrant g = grant(ALICE, GrantOperation.DESCRIBE_KEY);
    fx.reopen();
    assertThat(fx.as(ALICE).describeKey(key.keyId()).enabled()).isTrue();
    fx.admin().retireGrant(key.keyId(), g.grantId());
    assertThatThrownBy(() -> fx.as(ALICE).describeKey(key.keyId()))
        .isInstanceOf(AccessDeniedException.class);
    grant(ALICE, GrantOperation.DESCRIBE_KEY);
    fx.admin().scheduleKeyDeletion(key.keyId(), 7);
    fx.clock.advance(java.time.Duration.ofDays(8));
    assertThat(fx.admin().describeKey(key.keyId()).keyState()).isEqualTo(KeyState.DESTROYED);
    assertThat(fx.admin().listGrants(key.keyId())).isEmpty();
  }

  @Test
  void aGrantWithCreateGrant_canOnlyPassOnItsOwnOperations() {
    grant(ALICE, GrantOperation.CREATE_GRANT, GrantOperation.DECRYPT);
    fx.as(ALICE)
        .createGrant(
            CreateGrantRequest.builder()
                .keyId(key.keyId())
                .grantee(BOB)
                .operation(GrantOperation.DECRYPT)
                .build());
    assertThatThrownBy(
            () ->
                fx.as(ALICE)
                    .createGrant(
                        CreateGrantRequest.builder()
                            .keyId(key.keyId())
                            .grantee(BOB)
                            .operation(GrantOperation.ENCRYPT)
                            .build()))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void invalidGrantRequests_areRejected() {
    assertThatThrownBy(() -> CreateGrantRequest.builder().keyId(key.keyId()).grantee(ALICE).build())
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(
            () ->
                CreateGrantRequest.builder()
                    .keyId(key.keyId())
                    .grantee(ALICE)
                    .operation(GrantOperation.DESCRIBE_KEY)
                    .constraintSubset(Map.of("a", "b"))
                    .build())
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("only to cryptographic operations");
    assertThatThrownBy(() -> GrantOperation.fromKmsName("Sign"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("Decrypt");
  }

  @Test
  void aKeyPolicyDeny_beatsAGrant() {
    grant(ALICE, GrantOperation.DESCRIBE_KEY);
    kms.putKeyPolicy(
        key.keyId(),
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},"
            + "\"Action\":\"kms:*\",\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\""
            + ALICE.name()
            + "\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}",
        false);
    assertThatThrownBy(() -> fx.as(ALICE).describeKey(key.keyId()))
        .isInstanceOf(AccessDeniedException.class);
  }
}
