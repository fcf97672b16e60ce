package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyCommandsTest {
  @TempDir Path tmp;
  private Coffer coffer;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
  }

  @Test
  void create_printsTheNewKeyWithAliasDescriptionAndTags() {
    Coffer.Result result =
        coffer.run(
            "key",
            "create",
            "--alias",
            "alias/app",
            "--description",
            "App data",
            "--tag",
            "team=web",
            "--tag",
            "cost=a=b");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .containsPattern("Key ID +[0-9a-f-]{36}")
        .containsPattern("State +Enabled")
        .containsPattern("Description +App data")
        .containsPattern("Aliases +alias/app")
        .containsPattern("Tags +cost=a=b, team=web")
        .containsPattern("1 \\(primary\\) +ACTIVE +CREATE_KEY +0");
  }

  @Test
  void create_withJson_printsKeyMetadataWithStableFields() {
    JsonObject json =
        coffer.run("key", "create", "--alias", "alias/app", "--json").assertOk().json();

    JsonObject key = json.getAsJsonObject("keyMetadata");
    assertThat(key.get("keyId").getAsString()).hasSize(36);
    assertThat(key.get("arn").getAsString())
        .isEqualTo("arn:aws:kms:local:000000000000:key/" + key.get("keyId").getAsString());
    assertThat(key.get("keyState").getAsString()).isEqualTo("Enabled");
    assertThat(key.get("enabled").getAsBoolean()).isTrue();
    assertThat(key.get("keySpec").getAsString()).isEqualTo("SYMMETRIC_DEFAULT");
    assertThat(key.get("primaryVersion").getAsInt()).isEqualTo(1);
    assertThat(key.get("creator").getAsString()).isEqualTo(GlobalOptions.ACCOUNT_ROOT);
    assertThat(key.getAsJsonArray("versions")).hasSize(1);
    assertThat(key.has("deletionDate")).isFalse();
    assertThat(
            json.getAsJsonArray("aliases").get(0).getAsJsonObject().get("aliasName").getAsString())
        .isEqualTo("alias/app");
  }

  @Test
  void create_withExistingAlias_exitsConflictAndCreatesNoKey() {
    coffer.createKey("--alias", "alias/app");

    Coffer.Result result = coffer.run("key", "create", "--alias", "alias/app");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(result.stderr()).contains("alias/app already exists");
    assertThat(coffer.run("key", "list", "--json").json().getAsJsonArray("keys")).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"app", "alias/", "alias/aws/app", "alias/with space"})
  void create_withABadAliasName_exitsUsageAndCreatesNoKey(String alias) {
    Coffer.Result result = coffer.run("key", "create", "--alias", alias);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("alias").doesNotContain("was created");
    assertThat(coffer.run("key", "list", "--json").json().getAsJsonArray("keys")).isEmpty();
  }

  @Test
  void list_showsKeysWithTheirAliases() {
    String first = coffer.createKey("--alias", "alias/one");
    String second = coffer.createKey();

    Coffer.Result human = coffer.run("key", "list");
    JsonObject json = coffer.run("key", "list", "--json").assertOk().json();

    assertThat(human.out())
        .startsWith("KEY ID")
        .containsPattern(first + " +alias/one")
        .containsPattern(second + " +-");
    assertThat(json.getAsJsonArray("keys")).hasSize(2);
    JsonObject entry = json.getAsJsonArray("keys").get(0).getAsJsonObject();
    assertThat(entry.has("keyId")).isTrue();
    assertThat(entry.get("keyArn").getAsString()).startsWith("arn:aws:kms:local:");
  }

  @Test
  void list_withNoKeys_saysHowToCreateOne() {
    assertThat(coffer.run("key", "list").assertOk().out()).contains("coffer key create");
    assertThat(coffer.run("key", "list", "--json").json().getAsJsonArray("keys")).isEmpty();
  }

  @Test
  void describe_byIdAliasOrArn_showsTheSameKey() {
    String keyId = coffer.createKey("--alias", "alias/app");
    String arn = "arn:aws:kms:local:000000000000:key/" + keyId;

    for (String name : new String[] {keyId, "alias/app", arn}) {
      JsonObject key =
          coffer
              .run("key", "describe", name, "--json")
              .assertOk()
              .json()
              .getAsJsonObject("keyMetadata");
      assertThat(key.get("keyId").getAsString()).isEqualTo(keyId);
    }
    assertThat(coffer.run("key", "describe", "alias/app").out())
        .containsPattern("ARN +" + arn)
        .containsPattern("Rotation +automatic rotation disabled")
        .contains("VERSION", "ENCRYPTIONS");
  }

  @Test
  void disableAndEnable_changeTheKeyState() {
    String keyId = coffer.createKey();

    Coffer.Result disabled = coffer.run("key", "disable", keyId);
    JsonObject disabledJson = coffer.run("key", "disable", keyId, "--json").assertOk().json();
    Coffer.Result enabled = coffer.run("key", "enable", keyId);
    JsonObject enabledJson = coffer.run("key", "enable", keyId, "--json").assertOk().json();

    assertThat(disabled.out()).isEqualTo(keyId + " is Disabled\n");
    assertThat(keyState(disabledJson)).isEqualTo("Disabled");
    assertThat(enabled.out()).isEqualTo(keyId + " is Enabled\n");
    assertThat(keyState(enabledJson)).isEqualTo("Enabled");
  }

  @Test
  void scheduleDeletion_defaultsToThirtyDaysAndShowsTheDate() {
    String keyId = coffer.createKey();

    JsonObject key =
        coffer
            .run("key", "schedule-deletion", keyId, "--json")
            .assertOk()
            .json()
            .getAsJsonObject("keyMetadata");

    assertThat(key.get("keyState").getAsString()).isEqualTo("PendingDeletion");
    assertThat(key.get("pendingWindowInDays").getAsInt()).isEqualTo(30);
    Instant date = Instant.parse(key.get("deletionDate").getAsString());
    assertThat(Duration.between(Instant.now(), date))
        .isBetween(Duration.ofDays(29), Duration.ofDays(31));
    assertThat(coffer.run("key", "describe", keyId).out())
        .containsPattern("Deletion +scheduled for .* \\(30-day window\\)");
  }

  @Test
  void scheduleDeletion_withDays_saysWhenAndHowToCancel() {
    String keyId = coffer.createKey();

    Coffer.Result result = coffer.run("key", "schedule-deletion", keyId, "--days", "7");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .startsWith(keyId + " is PendingDeletion: it will be destroyed on ")
        .contains("(7-day window)")
        .contains("coffer key cancel-deletion " + keyId);
  }

  @Test
  void cancelDeletion_leavesTheKeyDisabledAsKmsDoes() {
    String keyId = coffer.createKey();
    coffer.run("key", "schedule-deletion", keyId, "--days", "7").assertOk();

    Coffer.Result human = coffer.run("key", "cancel-deletion", keyId);

    assertThat(human.exitCode()).isZero();
    assertThat(human.out()).startsWith(keyId + " is Disabled\n").contains("coffer key enable");
    JsonObject json = coffer.run("key", "describe", keyId, "--json").json();
    assertThat(keyState(json)).isEqualTo("Disabled");
    assertThat(json.getAsJsonObject("keyMetadata").has("deletionDate")).isFalse();
  }

  @Test
  void cancelDeletion_withJson_printsKeyMetadata() {
    String keyId = coffer.createKey();
    coffer.run("key", "schedule-deletion", keyId, "--days", "7").assertOk();

    JsonObject json = coffer.run("key", "cancel-deletion", keyId, "--json").assertOk().json();

    assertThat(keyState(json)).isEqualTo("Disabled");
  }

  private static String keyState(JsonObject document) {
    return document.getAsJsonObject("keyMetadata").get("keyState").getAsString();
  }

  @Test
  void updateDescription_replacesIt_andDescribeShowsTheNewOne() {
    String key = coffer.createKey();
    coffer.run("key", "update-description", key, "Invoices, 2026 onwards").assertOk();

    JsonObject json = coffer.run("key", "describe", key, "--json").assertOk().json();
    assertThat(json.getAsJsonObject("keyMetadata").get("description").getAsString())
        .isEqualTo("Invoices, 2026 onwards");
  }
}
