package dev.coffer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A smoke run of the sidecar benchmark (few operations, a small object), so it cannot rot. */
class GrpcMacroBenchmarkTest {
  @Test
  void aSmallRun_printsEveryRow() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      GrpcMacroBenchmark.main(new String[] {"40", "2"});
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("grpc get 4 KiB, 8 clients")
        .contains("grpc put 4 KiB, 1 clients")
        .contains("embedded get 4 KiB, 8 threads")
        .contains("grpc (plaintext loopback) 2 MiB");
  }
}
