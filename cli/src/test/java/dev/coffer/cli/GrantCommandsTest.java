package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrantCommandsTest {
  private static final String AUDITOR = "arn:aws:iam::000000000000:role/Auditor";
  private static final String JANITOR = "arn:aws:iam::000000000000:role/Janitor";

  @TempDir Path tmp;
  private Coffer coffer;
  private String keyId;
  private String keyArn;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    keyId = coffer.createKey("--alias", "alias/app");
    keyArn = "arn:aws:kms:local:000000000000:key/" + keyId;
  }

  @Test
  void create_printsIdAndToken_andWarnsThatTheTokenIsShownOnce() {
    Coffer.Result result =
        coffer.run(
            "key", "grant", "create", "alias/app", "--grantee", AUDITOR, "--operations", "Decrypt");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .containsPattern("Grant ID     [0-9a-f]{64}\n")
        .containsPattern("Grant token  cg1\\.\\S+\n")
        .contains("shown only this once")
        .contains("coffer key grant retire --token cg1.");
  }

  @Test
  void create_withJson_printsGrantIdAndToken() {
    JsonObject json = createGrant("--operations", "Decrypt,GenerateDataKey", "--json");

    assertThat(json.keySet()).containsExactly("grantId", "grantToken");
    assertThat(json.get("grantToken").getAsString()).startsWith("cg1.");
  }

  @Test
  void create_withUnknownOperation_isUsageErrorListingTheValidOnes() {
    Coffer.Result result =
        coffer.run(
            "key", "grant", "create", keyId, "--grantee", AUDITOR, "--operations", "Decrypt,Sign");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr())
        .contains("\"Sign\" is not a grant operation")
        .contains("Decrypt, DescribeKey, Encrypt, GenerateDataKey")
        .contains("Try `coffer key grant create --help`.");
  }

  @Test
  void create_withBothConstraints_isUsageError() {
    Coffer.Result result =
        coffer.run(
            "key",
            "grant",
            "create",
            keyId,
            "--grantee",
            AUDITOR,
            "--operations",
            "Decrypt",
            "--constraint-equals",
            "a=b",
            "--constraint-subset",
            "c=d");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("not both");
  }

  @Test
  void list_showsEveryFieldOfTheGrants() {
    createGrant(
        "--operations",
        "GenerateDataKey,Decrypt",
        "--constraint-subset",
        "tenant=acme",
        "--retiring-principal",
        JANITOR,
        "--name",
        "audit");

    Coffer.Result result = coffer.run("key", "grant", "list", "alias/app");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .containsPattern("Grant ID    [0-9a-f]{64}\n")
        .contains("Name        audit\n")
        .contains("Key         " + keyArn + "\n")
        .contains("Grantee     " + AUDITOR + "\n")
        .contains("Operations  Decrypt, GenerateDataKey\n")
        .contains("Constraint  encryption context includes tenant=acme\n")
        .contains("Retiring    " + JANITOR + "\n")
        .containsPattern("Created     \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC by ")
        .endsWith("by " + GlobalOptions.ACCOUNT_ROOT + "\n");
  }

  @Test
  void list_withJson_showsStableFieldsAndConstraints() {
    String grantId =
        createGrant("--operations", "Decrypt", "--constraint-equals", "tenant=acme", "--json")
            .get("grantId")
            .getAsString();

    JsonArray grants =
        coffer
            .run("key", "grant", "list", keyId, "--json")
            .assertOk()
            .json()
            .getAsJsonArray("grants");

    assertThat(grants).hasSize(1);
    JsonObject grant = grants.get(0).getAsJsonObject();
    assertThat(grant.get("keyId").getAsString()).isEqualTo(keyArn);
    assertThat(grant.get("grantId").getAsString()).isEqualTo(grantId);
    assertThat(grant.get("granteePrincipal").getAsString()).isEqualTo(AUDITOR);
    assertThat(grant.get("issuingPrincipal").getAsString()).isEqualTo(GlobalOptions.ACCOUNT_ROOT);
    assertThat(grant.getAsJsonArray("operations").get(0).getAsString()).isEqualTo("Decrypt");
    assertThat(
            grant
                .getAsJsonObject("constraints")
                .getAsJsonObject("encryptionContextEquals")
                .get("tenant")
                .getAsString())
        .isEqualTo("acme");
    assertThat(grant.has("creationDate")).isTrue();
    assertThat(grant.has("name")).isFalse();
    assertThat(grant.has("retiringPrincipal")).isFalse();
  }

  @Test
  void list_withoutGrants_saysSo() {
    assertThat(coffer.run("key", "grant", "list", "alias/app").out())
        .isEqualTo("No grants on alias/app.\n");
    assertThat(coffer.run("key", "grant", "list", keyId, "--json").json().getAsJsonArray("grants"))
        .isEmpty();
  }

  @Test
  void listRetirable_showsTheGrantsThePrincipalMayRetire() {
    createGrant("--operations", "Decrypt", "--retiring-principal", JANITOR, "--name", "mine");
    createGrant("--operations", "Encrypt");

    Coffer.Result human = coffer.run("key", "grant", "list-retirable", JANITOR);
    JsonObject json = coffer.run("key", "grant", "list-retirable", JANITOR, "--json").json();
    Coffer.Result none = coffer.run("key", "grant", "list-retirable", AUDITOR);

    assertThat(human.out()).contains("Name        mine").doesNotContain("Encrypt");
    assertThat(json.getAsJsonArray("grants")).hasSize(1);
    assertThat(none.out()).isEqualTo("No grants name " + AUDITOR + " as retiring principal.\n");
  }

  @Test
  void grantToken_retiresTheGrant_forItsRetiringPrincipal() {
    JsonObject grant =
        createGrant("--operations", "Decrypt", "--retiring-principal", JANITOR, "--json");

    Coffer.Result retired =
        coffer.run(
            "--as",
            JANITOR,
            "key",
            "grant",
            "retire",
            "--token",
            grant.get("grantToken").getAsString());

    assertThat(retired.exitCode()).isZero();
    assertThat(retired.out()).isEqualTo("Retired the grant of that token.\n");
    assertThat(grantIds()).isEmpty();
  }

  @Test
  void grantToken_ofARetiredGrant_isNotFound() {
    String token = createGrant("--operations", "Decrypt", "--json").get("grantToken").getAsString();
    coffer.run("key", "grant", "retire", "--token", token).assertOk();

    Coffer.Result again = coffer.run("key", "grant", "retire", "--token", token, "--json");

    assertThat(again.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(again.errorJson().get("message").getAsString()).contains("grant token");
  }

  @Test
  void retire_byKeyAndGrantId_withJson_retiresThatGrant() {
    String first = createGrant("--operations", "Decrypt", "--json").get("grantId").getAsString();
    String second = createGrant("--operations", "Encrypt", "--json").get("grantId").getAsString();

    JsonObject json =
        coffer.run("key", "grant", "retire", "alias/app", first, "--json").assertOk().json();

    assertThat(json.get("keyId").getAsString()).isEqualTo("alias/app");
    assertThat(json.get("grantId").getAsString()).isEqualTo(first);
    assertThat(json.get("retired").getAsBoolean()).isTrue();
    assertThat(grantIds()).containsExactly(second);
  }

  @Test
  void retire_byAPrincipalThatMayNot_isAccessDenied() {
    String grantId = createGrant("--operations", "Decrypt", "--json").get("grantId").getAsString();

    Coffer.Result result = coffer.run("--as", JANITOR, "key", "grant", "retire", keyId, grantId);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(grantIds()).containsExactly(grantId);
  }

  @Test
  void retire_needsEitherATokenOrKeyAndGrantId() {
    Coffer.Result neither = coffer.run("key", "grant", "retire");
    Coffer.Result keyOnly = coffer.run("key", "grant", "retire", keyId);
    Coffer.Result both = coffer.run("key", "grant", "retire", "--token", "cg1.x", keyId, "id");

    assertThat(neither.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(neither.stderr()).contains("give --token TOKEN or KEY GRANT_ID");
    assertThat(keyOnly.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.stderr()).contains("not both");
  }

  @Test
  void revoke_removesTheGrant_inHumanAndJsonOutput() {
    String first = createGrant("--operations", "Decrypt", "--json").get("grantId").getAsString();
    String second = createGrant("--operations", "Encrypt", "--json").get("grantId").getAsString();

    Coffer.Result human = coffer.run("key", "grant", "revoke", "alias/app", first);
    JsonObject json = coffer.run("key", "grant", "revoke", keyId, second, "--json").json();

    assertThat(human.out()).isEqualTo("Revoked grant " + first + " of alias/app.\n");
    assertThat(json.get("grantId").getAsString()).isEqualTo(second);
    assertThat(json.get("revoked").getAsBoolean()).isTrue();
    assertThat(grantIds()).isEmpty();
    assertThat(coffer.run("key", "grant", "revoke", keyId, first).exitCode())
        .isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void grantWithSubsetConstraint_allowsItsContext_andRejectsAnother() {
    createGrant("--operations", "Decrypt", "--constraint-subset", "tenant=acme");
    String acme = wrappedDataKey("--context", "tenant=acme", "--context", "purpose=audit");
    String globex = wrappedDataKey("--context", "tenant=globex", "--context", "purpose=audit");

    Coffer.Result allowed =
        coffer.runWithInput(
            acme,
            "--as",
            AUDITOR,
            "key",
            "decrypt",
            "--context",
            "tenant=acme",
            "--context",
            "purpose=audit",
            "--json");
    Coffer.Result denied =
        coffer.runWithInput(
            globex,
            "--as",
            AUDITOR,
            "key",
            "decrypt",
            "--context",
            "tenant=globex",
            "--context",
            "purpose=audit");

    assertThat(allowed.exitCode()).as(allowed.stderr()).isZero();
    assertThat(denied.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(denied.stderr()).contains(AUDITOR).contains("kms:Decrypt");
    coffer
        .runWithInput(
            globex, "key", "decrypt", "--context", "tenant=globex", "--context", "purpose=audit")
        .assertOk();
  }

  @Test
  void grantee_mayNotUseOperationsTheGrantLacks() {
    createGrant("--operations", "Decrypt");

    Coffer.Result result = coffer.run("--as", AUDITOR, "key", "generate-data-key", keyId, "--json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(result.errorJson().get("code").getAsString()).isEqualTo("ACCESS_DENIED");
  }

  private JsonObject createGrant(String... options) {
    List<String> args =
        new ArrayList<>(List.of("key", "grant", "create", keyId, "--grantee", AUDITOR));
    args.addAll(List.of(options));
    Coffer.Result result = coffer.run(args.toArray(String[]::new)).assertOk();
    return List.of(options).contains("--json") ? result.json() : new JsonObject();
  }

  private String wrappedDataKey(String... context) {
    List<String> args = new ArrayList<>(List.of("key", "generate-data-key", keyId, "--json"));
    args.addAll(List.of(context));
    return coffer
        .run(args.toArray(String[]::new))
        .assertOk()
        .json()
        .get("ciphertextBlob")
        .getAsString();
  }

  private List<String> grantIds() {
    List<String> ids = new ArrayList<>();
    coffer
        .run("key", "grant", "list", keyId, "--json")
        .assertOk()
        .json()
        .getAsJsonArray("grants")
        .forEach(g -> ids.add(g.getAsJsonObject().get("grantId").getAsString()));
    return ids;
  }
}
