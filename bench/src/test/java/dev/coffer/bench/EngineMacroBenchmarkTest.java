package dev.coffer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A smoke run of the engine benchmark (few operations, a small object), so it cannot rot. */
class EngineMacroBenchmarkTest {
  @Test
  void aSmallRun_printsEveryRow() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      EngineMacroBenchmark.main(new String[] {"50", "2"});
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("rocksdb get 4 KiB")
        .contains("coffer put 1 KiB, bucket key")
        .contains("coffer get 64 KiB, no bucket key")
        .contains("coffer get 4 KiB, bucket key, no audit log")
        .contains("coffer put 2 MiB");
  }
}
