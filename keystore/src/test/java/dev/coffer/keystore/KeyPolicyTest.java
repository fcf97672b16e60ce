package dev.coffer.keystore;

import static dev.coffer.keystore.KeystoreFixture.ALICE;
import static dev.coffer.keystore.KeystoreFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.policy.KeyPolicies;
import dev.coffer.keystore.policy.MalformedPolicyException;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyPolicyTest extends KeystoreTestBase {
  private static final EncryptionContext CONTEXT = EncryptionContext.of("env", "prod");

  private static String policy(String... statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
  }

  private static final String ROOT_ALL =
      "{\"Sid\":\"Root\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},"
          + "\"Action\":\"kms:*\",\"Resource\":\"*\"}";

  private static String allow(String principal, String actions, String condition) {
    return "{\"Sid\":\"Use\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
        + principal
        + "\"},\"Action\":"
        + actions
        + ",\"Resource\":\"*\""
        + (condition == null ? "" : ",\"Condition\":" + condition)
        + "}";
  }

  @Test
  void createKey_installsTheDefaultKeyPolicy() {
    assertThat(kms.getKeyPolicy(key.keyId())).isEqualTo(KeyPolicies.defaultFor("000000000000"));
    assertThat(kms.listKeyPolicies(key.keyId())).containsExactly("default");
  }

  @Test
  void putKeyPolicy_namingAPrincipal_letsItUseTheKeyWithoutAnyIdentityPolicy() {
    kms.putKeyPolicy(
        key.keyId(),
        policy(ROOT_ALL, allow(ALICE.name(), "[\"kms:GenerateDataKey\",\"kms:Decrypt\"]", null)),
        false);
    try (DataKey dk =
            fx.as(ALICE).generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT));
        Decrypted d = fx.as(ALICE).decrypt(DecryptRequest.of(dk.wrapped(), CONTEXT))) {
      assertThat(d.keyVersion()).isEqualTo(1);
    }
    assertThat(fx.audit.last().accessExplanation().orElseThrow())
        .contains("allowed by statement \"Use\" of the key policy");
    assertThatThrownBy(
            () -> fx.as(ALICE).encrypt(EncryptRequest.of(key.keyId(), new byte[] {1}, CONTEXT)))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(fx.reopen().as(KeystoreFixture.ADMIN).getKeyPolicy(key.keyId())).contains("\"Use\"");
  }

  @Test
  void keyPolicyConditions_seeTheEncryptionContext() {
    kms.putKeyPolicy(
        key.keyId(),
        policy(
            ROOT_ALL,
            allow(
                ALICE.name(),
                "\"kms:GenerateDataKey\"",
                "{\"StringEquals\":{\"kms:EncryptionContext:env\":\"prod\"}}")),
        false);
    fx.as(ALICE).generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT)).close();
    assertThatThrownBy(
            () ->
                fx.as(ALICE)
                    .generateDataKey(
                        GenerateDataKeyRequest.of(key.keyId(), EncryptionContext.of("env", "dev"))))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void aKeyPolicyWithoutTheRoot_shutsOutIdentityPoliciesAndTheRoot() {
    kms.putKeyPolicy(key.keyId(), policy(allow(ALICE.name(), "\"kms:*\"", null)), true);
    fx.allow(BOB, "kms:*", "*");
    assertThatThrownBy(() -> fx.as(BOB).describeKey(key.keyId()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("has no statement allowing the account root");
    assertThatThrownBy(() -> kms.describeKey(key.keyId()))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(fx.as(ALICE).describeKey(key.keyId()).enabled()).isTrue();
  }

  @Test
  void lockoutSafetyCheck_refusesAPolicyTheCallerCouldNotChangeAgain() {
    String lockout = policy(allow(ALICE.name(), "\"kms:Decrypt\"", null));
    assertThatThrownBy(() -> kms.putKeyPolicy(key.keyId(), lockout, false))
        .isInstanceOf(MalformedPolicyException.class)
        .hasMessageContaining(
            "will not allow arn:aws:iam::000000000000:root to update the key policy");
    assertThat(kms.getKeyPolicy(key.keyId())).isEqualTo(KeyPolicies.defaultFor("000000000000"));
    assertThatThrownBy(() -> kms.createKey(CreateKeyRequest.builder().policy(lockout).build()))
        .isInstanceOf(MalformedPolicyException.class);
    assertThat(kms.listKeys()).hasSize(1);
    KeyMetadata bypassed =
        kms.createKey(
            CreateKeyRequest.builder()
                .policy(lockout)
                .bypassPolicyLockoutSafetyCheck(true)
                .build());
    assertThatThrownBy(() -> kms.putKeyPolicy(bypassed.keyId(), policy(ROOT_ALL), false))
        .as("the key really is locked now")
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void malformedKeyPolicy_isRefusedAndChangesNothing() {
    long generation = fx.keystore().generation();
    assertThatThrownBy(
            () -> kms.putKeyPolicy(key.keyId(), "{\"Statement\":[{\"Effect\":\"Maybe\"}]}", true))
        .isInstanceOf(MalformedPolicyException.class)
        .hasMessageContaining("Statement[0], Effect");
    assertThat(fx.keystore().generation()).isEqualTo(generation);
  }

  @Test
  void explicitDenyInTheKeyPolicy_beatsEverything() {
    kms.putKeyPolicy(
        key.keyId(),
        policy(
            ROOT_ALL,
            "{\"Sid\":\"NoPlaintextKeys\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:GenerateDataKey\",\"Resource\":\"*\"}"),
        false);
    assertThatThrownBy(() -> kms.generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT)))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining(
            "explicitly denied by statement \"NoPlaintextKeys\" of the key policy");
    assertThat(fx.audit.last().outcome()).isEqualTo(AuditOutcome.DENIED);
    kms.generateDataKeyWithoutPlaintext(GenerateDataKeyRequest.of(key.keyId(), CONTEXT));
  }

  @Test
  void conditionKeys_filledByTheKeystore_reachPolicies() {
    kms.createAlias("alias/app", key.keyId());
    kms.putKeyPolicy(
        key.keyId(),
        policy(
            ROOT_ALL,
            allow(
                ALICE.name(),
                "\"kms:Encrypt\"",
                "{\"StringEquals\":{\"kms:RequestAlias\":\"alias/app\",\"kms:CallerAccount\":\"000000000000\","
                    + "\"kms:ViaService\":\"s3.local.amazonaws.com\"},\"Bool\":{\"aws:SecureTransport\":\"true\"},"
                    + "\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"},"
                    + "\"StringLike\":{\"aws:UserAgent\":\"coffer-cli *\"}}")),
        false);
    java.util.Optional<String> cli = java.util.Optional.of("coffer-cli grpc-java-netty/1.76.0");
    Caller viaS3 =
        new Caller(
            ALICE,
            java.util.Optional.of("10.1.2.3"),
            java.util.Optional.of("s3.local.amazonaws.com"),
            true,
            cli);
    fx.keystore().as(viaS3).encrypt(EncryptRequest.of("alias/app", new byte[] {1}, CONTEXT));
    assertThat(fx.audit.last().caller().userAgent()).isEqualTo(cli);
    for (Caller wrong :
        List.of(
            Caller.of(ALICE),
            new Caller(ALICE, java.util.Optional.of("192.168.1.1"), viaS3.viaService(), true, cli),
            new Caller(ALICE, viaS3.sourceAddress(), viaS3.viaService(), false, cli),
            new Caller(ALICE, viaS3.sourceAddress(), viaS3.viaService(), true),
            new Caller(
                ALICE,
                viaS3.sourceAddress(),
                viaS3.viaService(),
                true,
                java.util.Optional.of("curl/8.5.0")))) {
      assertThatThrownBy(
              () ->
                  fx.keystore()
                      .as(wrong)
                      .encrypt(EncryptRequest.of("alias/app", new byte[] {1}, CONTEXT)))
          .isInstanceOf(AccessDeniedException.class);
    }
    assertThatThrownBy(
            () ->
                fx.keystore()
                    .as(viaS3)
                    .encrypt(EncryptRequest.of(key.keyId(), new byte[] {1}, CONTEXT)))
        .as("named by id, not through the alias")
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void assumedRoleSessions_matchTheirRole() {
    kms.putKeyPolicy(
        key.keyId(), policy(ROOT_ALL, allow(ALICE.name(), "\"kms:DescribeKey\"", null)), false);
    Principal session = Principal.of("arn:aws:sts::000000000000:assumed-role/Alice/worker-7");
    assertThat(fx.as(session).describeKey(key.keyId()).enabled()).isTrue();
  }
}
