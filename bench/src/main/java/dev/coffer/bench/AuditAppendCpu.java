package dev.coffer.bench;

import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.audit.AuditLog;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Appends the audit benchmark's typical event in rounds and prints, per round, the rate, the wall
 * time and the appending thread's own CPU time per record: the CPU figure separates changes to the
 * append path that JMH's throughput, shared with the log's other threads on a small machine, blurs.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.coffer.bench.AuditAppendCpu [records] [rounds]
 * </pre>
 */
public final class AuditAppendCpu {
  private AuditAppendCpu() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    AuditBenchmark.NoSync log = new AuditBenchmark.NoSync();
    log.open();
    try {
      log.event();
      AuditEvent event = log.event;
      AuditLog audit = log.log;
      for (int round = 0; round < rounds; round++) {
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < records; i++) {
          audit.append(event);
        }
        long wall = System.nanoTime() - start;
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        System.out.printf(
            "round %d: %,.0f records/s, wall %.2f us, appender cpu %.2f us per record%n",
            round, records / (wall / 1e9), wall / 1e3 / records, cpu / 1e3 / records);
      }
    } finally {
      log.close();
    }
  }
}
