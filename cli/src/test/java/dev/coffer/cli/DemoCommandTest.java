package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path tmp;

  @Test
  void demo_everyStepBehavesAsNarrated_andExitsZero() {
    Coffer.Result result = new Coffer(tmp.resolve("unused")).run("demo");

    assertThat(result.exitCode()).as(result.out()).isZero();
    assertThat(result.out())
        .contains("$ coffer key create --alias alias/demo")
        .contains("INTEGRITY_FAILURE")
        .contains("KEY_DISABLED")
        .contains("PendingDeletion")
        .doesNotContain("✗")
        .endsWith("✓ All " + DemoTour.steps().size() + " steps behaved as narrated.\n");
    assertThat(result.out().lines().filter(l -> l.strip().startsWith("✓ ")).count())
        .isEqualTo(DemoTour.steps().size() + 1);
    assertThat(tmp.resolve("unused")).doesNotExist();
  }

  @Test
  void demo_withJson_reportsEveryStep_andDeletesItsDirectory() {
    JsonObject json = new Coffer(tmp).run("demo", "--json").assertOk().json();

    assertThat(json.get("failed").getAsInt()).isZero();
    assertThat(json.get("passed").getAsInt()).isEqualTo(DemoTour.steps().size());
    assertThat(json.getAsJsonArray("steps")).hasSize(DemoTour.steps().size());
    assertThat(Path.of(json.get("dataDirectory").getAsString())).doesNotExist();
  }

  @Test
  void demo_withKeep_leavesADataDirectoryTheCliCanOpen() throws IOException {
    JsonObject json = new Coffer(tmp).run("demo", "--keep", "--json").assertOk().json();
    Path kept = Path.of(json.get("dataDirectory").getAsString());
    try {
      Coffer.Result describe = new Coffer(kept).run("key", "describe", DemoTour.ALIAS);

      assertThat(describe.exitCode()).isZero();
      assertThat(describe.out()).containsPattern("State +Enabled").contains("2 (primary)");
    } finally {
      deleteRecursively(kept);
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
