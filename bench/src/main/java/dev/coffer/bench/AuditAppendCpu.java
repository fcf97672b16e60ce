package dev.coffer.bench;

import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.audit.AuditLog;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * Appends the audit benchmark's typical event in rounds and prints, per round, the rate, the wall
 * time, and per record the CPU time of the appending thread, of the log's sealer thread, of its
 * background thread and of the whole process (the JIT included): the CPU figures separate changes
 * to the append path that JMH's throughput, shared with the log's other threads on a small machine,
 * blurs. On Linux it also prints the appending thread's page faults and involuntary context
 * switches per thousand records: faults on the log's mapping and preemption by the log's other
 * threads are where an append's wall time goes beyond its CPU time.
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
    com.sun.management.OperatingSystemMXBean process =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    AuditBenchmark.NoSync log = new AuditBenchmark.NoSync();
    log.open();
    try {
      log.event();
      AuditEvent event = log.event;
      AuditLog audit = log.log;
      for (int round = 0; round < rounds; round++) {
        long cpu = threads.getCurrentThreadCpuTime();
        long processCpu = process.getProcessCpuTime();
        long sealerCpu = threadsCpu(threads, "coffer-audit-sealer");
        long backgroundCpu = threadsCpu(threads, "coffer-audit ");
        long[] counts = ThreadCounters.read();
        long start = System.nanoTime();
        for (int i = 0; i < records; i++) {
          audit.append(event);
        }
        long wall = System.nanoTime() - start;
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        processCpu = process.getProcessCpuTime() - processCpu;
        sealerCpu = threadsCpu(threads, "coffer-audit-sealer") - sealerCpu;
        backgroundCpu = threadsCpu(threads, "coffer-audit ") - backgroundCpu;
        long[] after = ThreadCounters.read();
        System.out.printf(
            "round %d: %,.0f records/s, wall %.2f us, cpu per record: appender %.2f us, sealer"
                + " %.2f us, background %.2f us, process %.2f us%s%n",
            round,
            records / (wall / 1e9),
            wall / 1e3 / records,
            cpu / 1e3 / records,
            sealerCpu / 1e3 / records,
            backgroundCpu / 1e3 / records,
            processCpu / 1e3 / records,
            ThreadCounters.describe(counts, after, records));
      }
    } finally {
      log.close();
    }
  }

  /** CPU time of the threads whose names start with {@code prefix}: the log names its own. */
  private static long threadsCpu(ThreadMXBean threads, String prefix) {
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(prefix)) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }
}
