package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotationCommandsTest {
  @TempDir Path tmp;
  private Coffer coffer;
  private String keyId;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    keyId = coffer.createKey("--alias", "alias/app");
  }

  @Test
  void enable_defaultsToEveryYear() {
    Coffer.Result human = coffer.run("key", "rotation", "enable", "alias/app");

    assertThat(human.exitCode()).isZero();
    assertThat(human.out())
        .containsPattern("Automatic rotation +enabled")
        .containsPattern("Period +365 days")
        .containsPattern("Next rotation +\\d{4}-");
  }

  @Test
  void enable_withDays_setsThePeriod() {
    JsonObject json =
        coffer
            .run("key", "rotation", "enable", "alias/app", "--days", "90", "--json")
            .assertOk()
            .json();

    assertThat(json.get("keyRotationEnabled").getAsBoolean()).isTrue();
    assertThat(json.get("rotationPeriodInDays").getAsInt()).isEqualTo(90);
    assertThat(json.has("nextRotationDate")).isTrue();
  }

  @Test
  void enable_withPeriodOutOfRange_isUsageError() {
    Coffer.Result result = coffer.run("key", "rotation", "enable", keyId, "--days", "30");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void disable_stopsAutomaticRotation() {
    coffer.run("key", "rotation", "enable", keyId).assertOk();

    Coffer.Result human = coffer.run("key", "rotation", "disable", keyId);
    JsonObject status = coffer.run("key", "rotation", "status", keyId, "--json").json();

    assertThat(human.out()).containsPattern("Automatic rotation +disabled");
    assertThat(status.get("keyRotationEnabled").getAsBoolean()).isFalse();
    assertThat(status.get("keyId").getAsString()).endsWith(keyId);
  }

  @Test
  void status_showsTheLastRotation() {
    coffer.run("key", "rotate", keyId).assertOk();

    Coffer.Result human = coffer.run("key", "rotation", "status", keyId);

    assertThat(human.out())
        .containsPattern("Key +arn:aws:kms:local:000000000000:key/" + keyId)
        .containsPattern("Automatic rotation +disabled")
        .containsPattern("Last rotation +\\d{4}-");
  }

  @Test
  void list_showsEachRotation() {
    coffer.run("key", "rotate", keyId).assertOk();
    coffer.run("key", "rotate", keyId).assertOk();

    Coffer.Result human = coffer.run("key", "rotation", "list", keyId);
    JsonObject json = coffer.run("key", "rotation", "list", keyId, "--json").assertOk().json();

    assertThat(human.out()).startsWith("VERSION").containsPattern("3 +\\d{4}-.* +ON_DEMAND");
    assertThat(json.getAsJsonArray("rotations")).hasSize(2);
    JsonObject last = json.getAsJsonArray("rotations").get(1).getAsJsonObject();
    assertThat(last.get("version").getAsInt()).isEqualTo(3);
    assertThat(last.get("rotationType").getAsString()).isEqualTo("ON_DEMAND");
  }

  @Test
  void list_ofNeverRotatedKey_saysSo() {
    assertThat(coffer.run("key", "rotation", "list", keyId).assertOk().out())
        .isEqualTo("The key has not rotated yet.\n");
  }
}
