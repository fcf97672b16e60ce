package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
  @TempDir Path tmp;

  @Test
  void init_createsKeystoreWithOwnerOnlyRootKeyAndSaysToBackItUp() throws IOException {
    Path data = tmp.resolve("data");

    Coffer.Result result = new Coffer(data).run("init");

    assertThat(result.exitCode()).isZero();
    Path rootKey = data.resolve("keystore/root.key");
    assertThat(result.out())
        .contains("Initialized Coffer data directory " + data)
        .contains(rootKey.toString())
        .contains("owner-only")
        .contains("back it up separately");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rootKey)))
        .isEqualTo("rw-------");
  }

  @Test
  void init_withJson_reportsWhatItCreated() {
    Path data = tmp.resolve("data");

    JsonObject json = new Coffer(data).run("init", "--json").assertOk().json();

    assertThat(json.get("created").getAsBoolean()).isTrue();
    assertThat(json.get("dataDirectory").getAsString()).isEqualTo(data.toString());
    assertThat(json.get("keystore").getAsString()).isEqualTo(data.resolve("keystore").toString());
    assertThat(json.get("rootKeyFile").getAsString())
        .isEqualTo(data.resolve("keystore/root.key").toString());
  }

  @Test
  void init_onInitializedDirectory_saysSoAndChangesNothing() throws IOException {
    Coffer coffer = Coffer.initialized(tmp.resolve("data"));
    coffer.createKey("--alias", "alias/kept");
    Map<String, String> before = snapshot(coffer.data());

    Coffer.Result human = coffer.run("init");
    Coffer.Result json = coffer.run("init", "--json");

    assertThat(human.exitCode()).isZero();
    assertThat(human.out()).contains("already initialized").contains("nothing changed");
    assertThat(json.exitCode()).isZero();
    assertThat(json.json().get("created").getAsBoolean()).isFalse();
    assertThat(snapshot(coffer.data())).isEqualTo(before);
  }

  @Test
  void command_onMissingDataDirectory_exitsNotFoundAndSuggestsInit() {
    Path data = tmp.resolve("never-initialized");

    Coffer.Result result = new Coffer(data).run("key", "list");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(result.stderr())
        .isEqualTo("coffer: no Coffer data directory at " + data + "; run `coffer init`\n");
    assertThat(result.stdout()).isEmpty();
    assertThat(data).doesNotExist();
  }

  @Test
  void command_onMissingDataDirectory_withJson_reportsNotFoundAsJson() {
    Coffer.Result result = new Coffer(tmp.resolve("nothing")).run("key", "list", "--json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(result.errorJson().get("code").getAsString()).isEqualTo("NOT_FOUND");
    assertThat(result.errorJson().get("message").getAsString()).contains("run `coffer init`");
  }

  /** Every file's size and modification time: what a change would alter. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        files.put(
            root.relativize(path).toString(),
            Files.size(path) + "@" + Files.getLastModifiedTime(path));
      }
    }
    return files;
  }
}
