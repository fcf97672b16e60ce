package dev.coffer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The calling thread's minor page faults and involuntary context switches, from Linux's {@code
 * /proc/thread-self}; nothing elsewhere.
 */
final class ThreadCounters {
  private static final Path STAT = Path.of("/proc/thread-self/stat");
  private static final Path STATUS = Path.of("/proc/thread-self/status");

  private ThreadCounters() {}

  /** {minor faults, involuntary context switches}, or null where /proc does not say. */
  static long[] read() {
    try {
      String stat = Files.readString(STAT);
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long minorFaults = Long.parseLong(fields[7]);
      long involuntary = -1;
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("nonvoluntary_ctxt_switches:")) {
          involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
        }
      }
      return new long[] {minorFaults, involuntary};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** ", N faults and M preemptions per 1000 records", or nothing without both readings. */
  static String describe(long[] before, long[] after, long records) {
    if (before == null || after == null) {
      return "";
    }
    double per = 1000.0 / records;
    return String.format(
        ", %.1f page faults and %.1f preemptions per 1000 records",
        (after[0] - before[0]) * per, (after[1] - before[1]) * per);
  }
}
