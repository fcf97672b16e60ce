package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyTagCommandsTest {
  @TempDir Path tmp;
  private Coffer coffer;
  private String key;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    key = coffer.createKey();
  }

  @Test
  void addThenRemove_changesTheTags_andPrintsTheWholeSetSorted() {
    Coffer.Result added = coffer.run("key", "tags", "add", key, "team=web", "Cost=42", "note=");

    assertThat(added.assertOk().out()).isEqualTo("KEY   VALUE\nCost  42\nnote\nteam  web\n");
    JsonObject json =
        coffer.run("key", "tags", "remove", key, "Cost", "absent", "--json").assertOk().json();
    assertThat(json.get("key").getAsString()).isEqualTo(key);
    assertThat(json.getAsJsonObject("tags").keySet()).containsExactly("note", "team");
    assertThat(coffer.run("key", "describe", key).out()).contains("note=, team=web");
  }

  @Test
  void add_byACallerWhoMayTagButNotList_succeeds_andSaysSo() {
    String tagger = "arn:aws:iam::000000000000:role/Tagger";
    coffer.attachPolicy(
        tagger,
        "TagOnly",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Action\":[\"kms:TagResource\",\"kms:UpdateKeyDescription\"],\"Resource\":\"*\"}}");

    Coffer.Result added = coffer.run("--as", tagger, "key", "tags", "add", key, "team=web");
    Coffer.Result described =
        coffer.run("--as", tagger, "key", "update-description", key, "Tagged");

    assertThat(added.exitCode()).as(added.stderr()).isZero();
    assertThat(added.out()).contains("Changed the tags of " + key);
    assertThat(described.exitCode()).as(described.stderr()).isZero();
    assertThat(coffer.run("key", "tags", "get", key, "--json").json().getAsJsonObject("tags"))
        .hasToString("{\"team\":\"web\"}");
  }

  @Test
  void get_ofAKeyWithoutTags_saysSo() {
    assertThat(coffer.run("key", "tags", "get", key).assertOk().out())
        .isEqualTo("Key " + key + " has no tags.\n");
  }

  @Test
  void add_withoutEqualsOrWithATagTwice_isAUsageErrorAndChangesNothing() {
    coffer.run("key", "tags", "add", key, "team=web").assertOk();

    Coffer.Result noEquals = coffer.run("key", "tags", "add", key, "team");
    Coffer.Result twice = coffer.run("key", "tags", "add", key, "a=1", "a=2");
    Coffer.Result reserved = coffer.run("key", "tags", "add", key, "aws:x=1");

    assertThat(noEquals.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noEquals.stderr()).contains("'team' is not TAG=VALUE");
    assertThat(twice.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(twice.stderr()).contains("tag a is given twice");
    assertThat(reserved.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(reserved.stderr()).contains("reserved");
    assertThat(coffer.run("key", "tags", "get", key, "--json").json().getAsJsonObject("tags"))
        .hasToString("{\"team\":\"web\"}");
  }

  @Test
  void add_toAKeyPendingDeletion_exitsConflict() {
    coffer.run("key", "schedule-deletion", key, "--days", "7").assertOk();

    Coffer.Result result = coffer.run("key", "tags", "add", key, "team=web", "--json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(result.errorJson().get("code").getAsString()).isEqualTo("INVALID_STATE");
  }
}
