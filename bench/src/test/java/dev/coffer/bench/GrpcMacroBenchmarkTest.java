package dev.coffer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** A smoke run of the sidecar benchmark (few operations, a small object), so it cannot rot. */
@ResourceLock(Resources.SYSTEM_OUT) // the smoke tests swap System.out
class GrpcMacroBenchmarkTest {
  @Test
  void aSmallRun_printsEveryRow() throws Exception {
    String out = PrintedOutput.of(() -> GrpcMacroBenchmark.main(new String[] {"40", "2"}));
    assertThat(out)
        .contains("grpc floor: empty call, 8 clients")
        .contains("grpc get 4 KiB, 8 clients")
        .contains("grpc put 4 KiB, 1 clients")
        .contains("embedded get 4 KiB, 8 threads")
        .contains("grpc (plaintext loopback) 2 MiB, first")
        .contains("grpc (plaintext loopback) 2 MiB, median of next 3");
  }
}
