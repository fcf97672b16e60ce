package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AliasCommandsTest {
  @TempDir Path tmp;
  private Coffer coffer;
  private String first;
  private String second;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    first = coffer.createKey();
    second = coffer.createKey();
  }

  @Test
  void create_pointsTheAliasAtTheKey() {
    Coffer.Result human = coffer.run("key", "alias", "create", "alias/app", first);
    JsonObject json =
        coffer.run("key", "alias", "create", "alias/web", first, "--json").assertOk().json();

    assertThat(human.out()).isEqualTo("alias/app -> " + first + "\n");
    JsonObject alias = json.getAsJsonObject("alias");
    assertThat(alias.get("aliasName").getAsString()).isEqualTo("alias/web");
    assertThat(alias.get("targetKeyId").getAsString()).isEqualTo(first);
    assertThat(alias.get("aliasArn").getAsString())
        .isEqualTo("arn:aws:kms:local:000000000000:alias/web");
  }

  @Test
  void create_withExistingAlias_exitsConflict() {
    coffer.run("key", "alias", "create", "alias/app", first).assertOk();

    Coffer.Result result = coffer.run("key", "alias", "create", "alias/app", second, "--json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(result.errorJson().get("code").getAsString()).isEqualTo("ALREADY_EXISTS");
  }

  @Test
  void update_repointsTheAlias() {
    coffer.run("key", "alias", "create", "alias/app", first).assertOk();

    Coffer.Result human = coffer.run("key", "alias", "update", "alias/app", second);

    assertThat(human.out()).isEqualTo("alias/app -> " + second + "\n");
    assertThat(
            coffer
                .run("key", "describe", "alias/app", "--json")
                .json()
                .getAsJsonObject("keyMetadata")
                .get("keyId")
                .getAsString())
        .isEqualTo(second);
  }

  @Test
  void delete_removesTheAliasButNotTheKey() {
    coffer.run("key", "alias", "create", "alias/app", first).assertOk();
    coffer.run("key", "alias", "create", "alias/web", first).assertOk();

    Coffer.Result human = coffer.run("key", "alias", "delete", "alias/app");
    JsonObject json = coffer.run("key", "alias", "delete", "alias/web", "--json").json();

    assertThat(human.out()).isEqualTo("Deleted alias/app.\n");
    assertThat(json.get("aliasName").getAsString()).isEqualTo("alias/web");
    assertThat(json.get("deleted").getAsBoolean()).isTrue();
    assertThat(coffer.run("key", "describe", "alias/app").exitCode())
        .isEqualTo(ExitCodes.NOT_FOUND);
    coffer.run("key", "describe", first).assertOk();
  }

  @Test
  void delete_ofMissingAlias_exitsNotFound() {
    assertThat(coffer.run("key", "alias", "delete", "alias/none").exitCode())
        .isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void list_showsAllAliasesOrThoseOfOneKey() {
    coffer.run("key", "alias", "create", "alias/one", first).assertOk();
    coffer.run("key", "alias", "create", "alias/two", second).assertOk();

    Coffer.Result all = coffer.run("key", "alias", "list");
    JsonObject ofSecond = coffer.run("key", "alias", "list", second, "--json").assertOk().json();

    assertThat(all.out())
        .startsWith("ALIAS")
        .containsPattern("alias/one +" + first)
        .containsPattern("alias/two +" + second);
    assertThat(ofSecond.getAsJsonArray("aliases")).hasSize(1);
    assertThat(
            ofSecond
                .getAsJsonArray("aliases")
                .get(0)
                .getAsJsonObject()
                .get("aliasName")
                .getAsString())
        .isEqualTo("alias/two");
  }

  @Test
  void list_withNoAliases_saysSo() {
    assertThat(coffer.run("key", "alias", "list").assertOk().out()).isEqualTo("No aliases.\n");
  }
}
