package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrincipalPolicyCommandsTest {
  private static final String ANALYST = "arn:aws:iam::000000000000:role/Analyst";

  @TempDir Path tmp;
  private Coffer coffer;
  private String keyId;
  private String keyPolicy;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    keyId = coffer.createKey("--alias", "alias/app");
    keyPolicy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"UseAppKey\",\"Effect\":\"Allow\","
            + "\"Action\":[\"kms:GenerateDataKey\",\"kms:Decrypt\"],"
            + "\"Resource\":\"arn:aws:kms:local:000000000000:key/"
            + keyId
            + "\"}]}";
  }

  @Test
  void asAnotherPrincipal_deniedWithExplanation_thenAllowedAfterPolicyPut() throws IOException {
    Coffer.Result denied = coffer.run("--as", ANALYST, "key", "generate-data-key", "alias/app");

    Coffer.Result put =
        coffer.run(
            "principal", "policy", "put", ANALYST, "use-app-key", write(keyPolicy).toString());
    Coffer.Result allowed = coffer.run("--as", ANALYST, "key", "generate-data-key", "alias/app");

    assertThat(denied.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(denied.stderr())
        .startsWith("coffer: " + ANALYST + " is not authorized to perform kms:GenerateDataKey")
        .contains("none of them allows");
    assertThat(put.exitCode()).isZero();
    assertThat(put.out()).isEqualTo("Attached identity policy use-app-key to " + ANALYST + ".\n");
    assertThat(allowed.exitCode()).as(allowed.stderr()).isZero();
    assertThat(allowed.out()).contains("Wrapped key");
  }

  @Test
  void asAnotherPrincipal_isDeniedWhatItsPolicyDoesNotAllow() {
    coffer.runWithInput(keyPolicy, "principal", "policy", "put", ANALYST, "use-app-key").assertOk();

    Coffer.Result result = coffer.run("--as", ANALYST, "key", "disable", keyId, "--json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(result.errorJson().get("message").getAsString()).contains("kms:DisableKey");
  }

  @Test
  void put_withJson_namesPrincipalAndPolicy() {
    JsonObject json =
        coffer
            .runWithInput(
                keyPolicy, "principal", "policy", "put", ANALYST, "use-app-key", "-", "--json")
            .assertOk()
            .json();

    assertThat(json.get("principal").getAsString()).isEqualTo(ANALYST);
    assertThat(json.get("policyName").getAsString()).isEqualTo("use-app-key");
  }

  @Test
  void get_printsThePolicyAsStored_orWrappedInJson() {
    coffer.runWithInput(keyPolicy, "principal", "policy", "put", ANALYST, "use-app-key").assertOk();

    Coffer.Result human = coffer.run("principal", "policy", "get", ANALYST, "use-app-key");
    JsonObject json =
        coffer.run("principal", "policy", "get", ANALYST, "use-app-key", "--json").json();

    assertThat(human.out()).isEqualTo(keyPolicy + "\n");
    assertThat(json.get("principal").getAsString()).isEqualTo(ANALYST);
    assertThat(json.get("policyName").getAsString()).isEqualTo("use-app-key");
    assertThat(json.get("policyDocument").getAsString()).isEqualTo(keyPolicy);
  }

  @Test
  void get_ofMissingPolicy_exitsNotFound() {
    Coffer.Result result = coffer.run("principal", "policy", "get", ANALYST, "nothing");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(result.stderr()).contains("no identity policy named \"nothing\"");
  }

  @Test
  void list_namesThePoliciesSorted() {
    coffer.runWithInput(keyPolicy, "principal", "policy", "put", ANALYST, "zeta").assertOk();
    coffer.runWithInput(keyPolicy, "principal", "policy", "put", ANALYST, "alpha").assertOk();

    Coffer.Result human = coffer.run("principal", "policy", "list", ANALYST);
    JsonObject json = coffer.run("principal", "policy", "list", ANALYST, "--json").json();

    assertThat(human.out()).isEqualTo("POLICY NAME\nalpha\nzeta\n");
    assertThat(json.get("principal").getAsString()).isEqualTo(ANALYST);
    assertThat(json.getAsJsonArray("policyNames").toString()).isEqualTo("[\"alpha\",\"zeta\"]");
  }

  @Test
  void list_withoutPolicies_saysSo() {
    assertThat(coffer.run("principal", "policy", "list", ANALYST).out())
        .isEqualTo(ANALYST + " has no identity policies.\n");
    assertThat(
            coffer
                .run("principal", "policy", "list", ANALYST, "--json")
                .json()
                .getAsJsonArray("policyNames"))
        .isEmpty();
  }

  @Test
  void delete_removesThePolicy_andTheAccessItGave() {
    coffer.runWithInput(keyPolicy, "principal", "policy", "put", ANALYST, "use-app-key").assertOk();
    coffer.runWithInput(keyPolicy, "principal", "policy", "put", ANALYST, "spare").assertOk();

    Coffer.Result human = coffer.run("principal", "policy", "delete", ANALYST, "use-app-key");
    JsonObject json =
        coffer.run("principal", "policy", "delete", ANALYST, "spare", "--json").assertOk().json();

    assertThat(human.out()).isEqualTo("Deleted identity policy use-app-key of " + ANALYST + ".\n");
    assertThat(json.get("policyName").getAsString()).isEqualTo("spare");
    assertThat(json.get("deleted").getAsBoolean()).isTrue();
    assertThat(coffer.run("--as", ANALYST, "key", "generate-data-key", keyId).exitCode())
        .isEqualTo(ExitCodes.ACCESS_DENIED);
  }

  @Test
  void put_ofMalformedPolicy_isUsageErrorNamingStatementAndField() {
    String withPrincipal =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
            + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";

    Coffer.Result result =
        coffer.runWithInput(withPrincipal, "principal", "policy", "put", ANALYST, "bad");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr())
        .isEqualTo("coffer: Statement[0], Principal: an identity policy cannot name a principal\n");
    assertThat(
            coffer
                .run("principal", "policy", "list", ANALYST, "--json")
                .json()
                .getAsJsonArray("policyNames"))
        .isEmpty();
  }

  @Test
  void put_ofPolicyThatIsNotJson_isUsageError() {
    Coffer.Result result =
        coffer.runWithInput("not json", "principal", "policy", "put", ANALYST, "bad", "--json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.errorJson().get("code").getAsString()).isEqualTo("INVALID_ARGUMENT");
  }

  @Test
  void anotherPrincipal_mayNotAttachPoliciesToItself() {
    Coffer.Result result =
        coffer.runWithInput(
            keyPolicy, "--as", ANALYST, "principal", "policy", "put", ANALYST, "self-service");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(result.stderr()).contains("iam:PutRolePolicy");
  }

  @Test
  void invalidPrincipal_isUsageError() {
    assertThat(coffer.run("principal", "policy", "list", "").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  private Path write(String content) throws IOException {
    return Files.writeString(tmp.resolve("policy.json"), content);
  }
}
