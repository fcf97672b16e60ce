package dev.coffer.keystore;

import static dev.coffer.keystore.KeystoreFixture.ALICE;
import static dev.coffer.keystore.KeystoreFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.policy.MalformedPolicyException;
import org.junit.jupiter.api.Test;

class IdentityPolicyTest extends KeystoreTestBase {
  private static final String READ_ONLY =
      "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"kms:Describe*\",\"kms:List*\"],\"Resource\":\"*\"}}";

  @Test
  void identityPolicies_attachReplaceListAndDetach() {
    kms.putPrincipalPolicy(ALICE, "ReadOnly", READ_ONLY);
    assertThat(fx.as(ALICE).describeKey(key.keyId()).enabled()).isTrue();
    assertThatThrownBy(() -> fx.as(ALICE).disableKey(key.keyId()))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(kms.listPrincipalPolicies(ALICE)).containsExactly("ReadOnly");
    assertThat(kms.getPrincipalPolicy(ALICE, "ReadOnly")).isEqualTo(READ_ONLY);
    kms.putPrincipalPolicy(ALICE, "ReadOnly", READ_ONLY.replace("kms:Describe*", "kms:Disable*"));
    fx.as(ALICE).disableKey(key.keyId());
    fx.reopen();
    assertThat(fx.admin().listPrincipalPolicies(ALICE)).containsExactly("ReadOnly");
    fx.admin().deletePrincipalPolicy(ALICE, "ReadOnly");
    assertThat(fx.admin().listPrincipalPolicies(ALICE)).isEmpty();
    assertThatThrownBy(() -> fx.as(ALICE).listKeys()).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> fx.admin().getPrincipalPolicy(ALICE, "ReadOnly"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void managingIdentityPolicies_isAnIamAction() {
    assertThatThrownBy(() -> fx.as(ALICE).putPrincipalPolicy(ALICE, "Escalate", READ_ONLY))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("iam:PutRolePolicy");
    fx.allow(ALICE, "iam:*RolePolicy*", BOB.name());
    fx.as(ALICE).putPrincipalPolicy(BOB, "ReadOnly", READ_ONLY);
    assertThat(fx.as(BOB).listKeys()).hasSize(1);
    assertThatThrownBy(() -> fx.as(ALICE).putPrincipalPolicy(ALICE, "Escalate", READ_ONLY))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void identityPolicies_areValidatedAsIdentityPolicies() {
    assertThatThrownBy(
            () ->
                kms.putPrincipalPolicy(
                    ALICE,
                    "P",
                    "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}"))
        .isInstanceOf(MalformedPolicyException.class)
        .hasMessageContaining("cannot name a principal");
    assertThatThrownBy(() -> kms.putPrincipalPolicy(ALICE, "bad name!", READ_ONLY))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void anIdentityDeny_beatsTheRootStatementOfTheKeyPolicy() {
    fx.allow(ALICE, "kms:*", "*");
    kms.putPrincipalPolicy(
        ALICE,
        "NoDecrypt",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"Never\",\"Effect\":\"Deny\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}}");
    Ciphertext ct =
        fx.as(ALICE)
            .encrypt(EncryptRequest.of(key.keyId(), new byte[] {1}, EncryptionContext.empty()));
    assertThatThrownBy(() -> fx.as(ALICE).decrypt(DecryptRequest.of(ct, EncryptionContext.empty())))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining(
            "explicitly denied by statement \"Never\" of the identity policy \"NoDecrypt\"");
  }
}
