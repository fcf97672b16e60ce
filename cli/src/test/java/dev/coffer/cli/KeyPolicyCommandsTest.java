package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.coffer.keystore.policy.KeyPolicies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPolicyCommandsTest {
  private static final String ADMIN = "arn:aws:iam::000000000000:role/Admin";

  /** Allows the account root everything, like the default, but with another statement id. */
  private static final String ROOT_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"RootAdmin\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},"
          + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";

  /** Leaves the account root out: installing it as the root would lock the root out. */
  private static final String ADMIN_ONLY_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"OnlyAdmin\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\""
          + ADMIN
          + "\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";

  @TempDir Path tmp;
  private Coffer coffer;
  private String keyId;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    keyId = coffer.createKey("--alias", "alias/app");
  }

  @Test
  void get_printsTheDefaultKeyPolicyAsStored() {
    Coffer.Result result = coffer.run("key", "policy", "get", "alias/app");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo(KeyPolicies.defaultFor("000000000000"));
  }

  @Test
  void get_withJson_wrapsTheDocumentWithItsName() {
    JsonObject json = coffer.run("key", "policy", "get", keyId, "--json").assertOk().json();

    assertThat(json.keySet()).containsExactly("policyName", "policy");
    assertThat(json.get("policyName").getAsString()).isEqualTo("default");
    assertThat(json.get("policy").getAsString()).isEqualTo(KeyPolicies.defaultFor("000000000000"));
  }

  @Test
  void list_namesTheOnlyKeyPolicy() {
    Coffer.Result human = coffer.run("key", "policy", "list", "alias/app");
    JsonObject json = coffer.run("key", "policy", "list", "alias/app", "--json").json();

    assertThat(human.out()).isEqualTo("POLICY NAME\ndefault\n");
    assertThat(json.getAsJsonArray("policyNames")).hasSize(1);
    assertThat(json.getAsJsonArray("policyNames").get(0).getAsString()).isEqualTo("default");
  }

  @Test
  void put_fromFile_replacesThePolicyAndGetReturnsItVerbatim() throws IOException {
    Path file = write("policy.json", ROOT_POLICY);

    Coffer.Result put = coffer.run("key", "policy", "put", "alias/app", file.toString());

    assertThat(put.exitCode()).isZero();
    assertThat(put.out()).isEqualTo("Replaced the key policy of alias/app.\n");
    assertThat(coffer.run("key", "policy", "get", keyId).out()).isEqualTo(ROOT_POLICY + "\n");
    assertThat(
            coffer.run("key", "policy", "get", keyId, "--json").json().get("policy").getAsString())
        .isEqualTo(ROOT_POLICY);
  }

  @Test
  void put_fromStandardInput_withJson_reportsWhatItReplaced() {
    JsonObject json =
        coffer.runWithInput(ROOT_POLICY, "key", "policy", "put", keyId, "--json").assertOk().json();

    assertThat(json.get("keyId").getAsString()).isEqualTo(keyId);
    assertThat(json.get("policyName").getAsString()).isEqualTo("default");
    assertThat(json.get("bypassPolicyLockoutSafetyCheck").getAsBoolean()).isFalse();
    assertThat(coffer.run("key", "policy", "get", keyId).out()).contains("RootAdmin");
  }

  @Test
  void put_ofPolicyThatLocksTheCallerOut_isRefusedAndChangesNothing() {
    Coffer.Result result = coffer.runWithInput(ADMIN_ONLY_POLICY, "key", "policy", "put", keyId);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr())
        .startsWith("coffer: the new key policy will not allow " + GlobalOptions.ACCOUNT_ROOT)
        .contains("to update the key policy in the future");
    assertThat(coffer.run("key", "policy", "get", keyId).out())
        .isEqualTo(KeyPolicies.defaultFor("000000000000"));
  }

  @Test
  void put_withBypass_installsTheLockoutPolicy_andTheRootIsLockedOut() {
    coffer
        .runWithInput(
            ADMIN_ONLY_POLICY,
            "key",
            "policy",
            "put",
            keyId,
            "--bypass-policy-lockout-safety-check")
        .assertOk();

    Coffer.Result asRoot = coffer.run("key", "policy", "get", keyId);
    Coffer.Result asAdmin = coffer.run("--as", ADMIN, "key", "policy", "get", keyId);

    assertThat(asRoot.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(asRoot.stderr()).contains("kms:GetKeyPolicy").contains("no statement allowing");
    assertThat(asAdmin.exitCode()).isZero();
    assertThat(asAdmin.out()).contains("OnlyAdmin");
  }

  @Test
  void put_ofMalformedPolicy_isUsageErrorNamingStatementAndField() {
    String noEffect =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Principal\":\"*\","
            + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";

    Coffer.Result human = coffer.runWithInput(noEffect, "key", "policy", "put", keyId);
    Coffer.Result json = coffer.runWithInput(noEffect, "key", "policy", "put", keyId, "--json");

    assertThat(human.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(human.stderr()).startsWith("coffer: Statement[0]").contains("Effect");
    assertThat(json.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(json.errorJson().get("code").getAsString()).isEqualTo("INVALID_ARGUMENT");
    assertThat(json.errorJson().get("message").getAsString()).contains("Statement[0], Effect");
  }

  @Test
  void put_ofMissingFile_exitsNotFound() {
    Coffer.Result result =
        coffer.run("key", "policy", "put", keyId, tmp.resolve("none.json").toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(result.stderr()).contains("no such file");
  }

  @Test
  void put_ofTextThatIsNotUtf8_isUsageError() {
    Coffer.Result result =
        coffer.runWithInput(new byte[] {'{', (byte) 0xC3, '}'}, "key", "policy", "put", keyId);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr())
        .isEqualTo("coffer: the key policy in standard input is not UTF-8\n");
  }

  @Test
  void createWithPolicy_installsIt() throws IOException {
    Path file = write("policy.json", ROOT_POLICY);

    String created = coffer.createKey("--policy", file.toString());

    assertThat(coffer.run("key", "policy", "get", created).out()).isEqualTo(ROOT_POLICY + "\n");
  }

  @Test
  void createWithLockoutPolicy_isRefusedAndCreatesNoKey_unlessBypassed() throws IOException {
    Path file = write("admin-only.json", ADMIN_ONLY_POLICY);

    Coffer.Result refused = coffer.run("key", "create", "--policy", file.toString());
    int keysAfterRefusal = coffer.run("key", "list", "--json").json().getAsJsonArray("keys").size();
    String bypassed =
        coffer.createKey("--policy", file.toString(), "--bypass-policy-lockout-safety-check");

    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.stderr()).contains("will not allow");
    assertThat(keysAfterRefusal).isEqualTo(1);
    assertThat(coffer.run("--as", ADMIN, "key", "policy", "get", bypassed).out())
        .contains("OnlyAdmin");
  }

  @Test
  void createWithMalformedPolicy_isUsageError() {
    Coffer.Result result =
        coffer.runWithInput("{\"Version\":\"2012-10-17\"}", "key", "create", "--policy", "-");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).isEqualTo("coffer: Statement: missing\n");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(tmp.resolve(name), content);
  }
}
