package dev.coffer.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What a benchmark's {@code main} prints, for the smoke tests that keep the benchmarks running.
 * Callers hold {@code @ResourceLock(Resources.SYSTEM_OUT)}: tests run in parallel.
 */
final class PrintedOutput {
  interface Main {
    void run() throws Exception;
  }

  private PrintedOutput() {}

  static String of(Main main) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      main.run();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
