package dev.coffer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** A smoke run of the engine benchmark (few operations, a small object), so it cannot rot. */
@ResourceLock(Resources.SYSTEM_OUT) // the smoke tests swap System.out
class EngineMacroBenchmarkTest {
  @Test
  void aSmallRun_printsEveryRow() throws Exception {
    String out = PrintedOutput.of(() -> EngineMacroBenchmark.main(new String[] {"50", "2"}));
    assertThat(out)
        .contains("rocksdb get 4 KiB")
        .contains("coffer put 1 KiB, bucket key")
        .contains("coffer get 64 KiB, no bucket key")
        .contains("coffer get 4 KiB, bucket key, no audit log")
        .contains("coffer put 2 MiB");
  }
}
