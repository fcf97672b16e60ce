package dev.coffer.bench;

import dev.coffer.keystore.DataKey;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * GenerateDataKey without an audit log and with the default one, alternating in rounds in one JVM,
 * printing per round the wall time and the calling thread's CPU time per call and what auditing
 * adds. The JMH pair in {@link AuditBenchmark} runs each side in its own iterations, minutes apart
 * on a machine whose speed drifts; here both sides run seconds apart, round after round.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.coffer.bench.AuditedDataKeyLoop [calls] [rounds]
 * </pre>
 */
public final class AuditedDataKeyLoop {
  private AuditedDataKeyLoop() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    AuditBenchmark.Unaudited[] sides = {
      new AuditBenchmark.Unaudited(), new AuditBenchmark.Audited()
    };
    try {
      for (AuditBenchmark.Unaudited side : sides) {
        side.open();
        side.request();
      }
      long sink = 0;
      for (int round = 0; round < rounds; round++) {
        double[] micros = new double[2];
        double[] cpu = new double[2];
        for (int s = 0; s < 2; s++) {
          AuditBenchmark.Unaudited side = sides[s];
          long startCpu = threads.getCurrentThreadCpuTime();
          long start = System.nanoTime();
          for (int i = 0; i < calls; i++) {
            try (DataKey key = side.kms.generateDataKey(side.request)) {
              sink += key.wrapped().blob().length;
            }
          }
          micros[s] = (System.nanoTime() - start) / 1e3 / calls;
          cpu[s] = (threads.getCurrentThreadCpuTime() - startCpu) / 1e3 / calls;
        }
        System.out.printf(
            Locale.ROOT,
            "round %d: unaudited %.2f us (cpu %.2f us), audited %.2f us (cpu %.2f us):"
                + " auditing adds %+.0f%% wall, %+.0f%% cpu%n",
            round,
            micros[0],
            cpu[0],
            micros[1],
            cpu[1],
            100 * (micros[1] / micros[0] - 1),
            100 * (cpu[1] / cpu[0] - 1));
      }
      if (sink == 0) {
        throw new IllegalStateException("no data keys were made");
      }
    } finally {
      for (AuditBenchmark.Unaudited side : sides) {
        side.close();
      }
    }
  }
}
