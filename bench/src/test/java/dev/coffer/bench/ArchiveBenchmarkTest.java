package dev.coffer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every mode of {@link ArchiveBenchmark} once on a small file, in this JVM, so that a build
 * proves the benchmark still works; and checks that both sides produced the input again.
 */
class ArchiveBenchmarkTest {
  @TempDir Path dir;

  @Test
  void everyModeRunsOnce_andBothSidesGiveTheInputBack() throws Exception {
    ArchiveBenchmark.prepare(dir, (1 << 20) + 77);
    for (ArchiveBenchmark.Mode mode : ArchiveBenchmark.Mode.values()) {
      assertThat(ArchiveBenchmark.run(mode, dir)).as(mode.name()).isPositive();
    }
    byte[] input = Files.readAllBytes(dir.resolve("input.bin"));
    assertThat(Files.readAllBytes(dir.resolve("extracted/input.bin"))).isEqualTo(input);
    assertThat(Files.readAllBytes(dir.resolve("raw-output.bin"))).isEqualTo(input);
  }
}
