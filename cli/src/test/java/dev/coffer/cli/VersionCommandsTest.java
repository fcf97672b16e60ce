package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionCommandsTest {
  @TempDir Path tmp;
  private Coffer coffer;
  private String keyId;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    keyId = coffer.createKey("--alias", "alias/app");
  }

  @Test
  void rotate_makesANewPrimaryVersion() {
    Coffer.Result human = coffer.run("key", "rotate", "alias/app");
    JsonObject json = coffer.run("key", "rotate", "alias/app", "--json").assertOk().json();

    assertThat(human.out()).startsWith(keyId + " rotated: version 2 is primary");
    assertThat(json.getAsJsonObject("version").get("version").getAsInt()).isEqualTo(3);
    assertThat(json.getAsJsonObject("version").get("origin").getAsString()).isEqualTo("ON_DEMAND");
    assertThat(json.getAsJsonObject("keyMetadata").get("primaryVersion").getAsInt()).isEqualTo(3);
  }

  @Test
  void minDecryptionVersion_retiresOlderVersions() {
    String blob = encrypt("before rotation");
    coffer.run("key", "rotate", keyId).assertOk();

    Coffer.Result human = coffer.run("key", "min-decryption-version", keyId, "2");
    Coffer.Result decrypt = coffer.runWithInput(blob, "key", "decrypt");

    assertThat(human.out())
        .isEqualTo(keyId + ": versions below 2 are retired and refuse to decrypt.\n");
    assertThat(decrypt.exitCode()).isEqualTo(ExitCodes.KEY_UNAVAILABLE);
    assertThat(decrypt.stderr()).contains("retired");
  }

  @Test
  void minDecryptionVersion_lowered_makesOldCiphertextReadableAgain() {
    String blob = encrypt("before rotation");
    coffer.run("key", "rotate", keyId).assertOk();
    coffer.run("key", "min-decryption-version", keyId, "2").assertOk();

    JsonObject json =
        coffer.run("key", "min-decryption-version", keyId, "1", "--json").assertOk().json();

    assertThat(json.getAsJsonObject("keyMetadata").get("minDecryptionVersion").getAsInt())
        .isEqualTo(1);
    assertThat(coffer.runWithInput(blob, "key", "decrypt").assertOk().out())
        .isEqualTo("before rotation");
  }

  @Test
  void destroyVersion_erasesARetiredVersion() {
    coffer.run("key", "rotate", keyId).assertOk();
    coffer.run("key", "min-decryption-version", keyId, "2").assertOk();

    Coffer.Result human = coffer.run("key", "destroy-version", keyId, "1");

    assertThat(human.exitCode()).isZero();
    assertThat(human.out()).contains("version 1 destroyed");
    JsonObject version =
        coffer
            .run("key", "describe", keyId, "--json")
            .json()
            .getAsJsonObject("keyMetadata")
            .getAsJsonArray("versions")
            .asList()
            .stream()
            .map(v -> v.getAsJsonObject())
            .filter(v -> v.get("version").getAsInt() == 1)
            .findFirst()
            .orElseThrow();
    assertThat(version.get("state").getAsString()).isEqualTo("DESTROYED");
    assertThat(version.has("destroyedDate")).isTrue();
  }

  @Test
  void destroyVersion_ofActiveVersion_exitsConflict() {
    Coffer.Result result = coffer.run("key", "destroy-version", keyId, "1", "--json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(result.errorJson().get("code").getAsString()).isEqualTo("INVALID_STATE");
  }

  private String encrypt(String plaintext) {
    return coffer.runWithInput(plaintext, "key", "encrypt", keyId).assertOk().out();
  }
}
