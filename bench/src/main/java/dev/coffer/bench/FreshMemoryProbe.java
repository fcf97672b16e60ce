package dev.coffer.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the machine charges for memory it has not handed out recently: step by step it zeroes fresh
 * off-heap memory, then grows one file through the page cache, and prints the time per 4 KiB page
 * of each step. On a machine with memory to spare both cost a fraction of a microsecond per page.
 * On a virtual machine whose host backs guest memory only on first touch, or takes freed pages back
 * (a balloon's free-page reporting), steps past what the guest used recently cost ten microseconds
 * and more per page, all of it system time: then anything that streams new data into the page cache
 * (the audit log, RocksDB's write-ahead log) is bounded by it, and benchmarks of those read this
 * machine rather than the code. The file's first steps reuse the memory the first part just freed,
 * and show what such writes cost while the guest still has its memory.
 *
 * <p>The first part holds steps × MiB of direct memory: on a machine whose heap limit is below
 * that, add {@code -XX:MaxDirectMemorySize=} with room to spare.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.coffer.bench.FreshMemoryProbe [steps] [MiB per step]
 * </pre>
 */
public final class FreshMemoryProbe {
  private static final int PAGE = 4096;

  private FreshMemoryProbe() {}

  public static void main(String[] args) throws IOException {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int mib = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    long stepBytes = (long) mib << 20;
    System.out.printf(Locale.ROOT, "JDK %s, %d steps of %d MiB%n", Runtime.version(), steps, mib);
    // Held until the end, so that each step needs memory the previous ones did not free.
    List<ByteBuffer> held = new ArrayList<>();
    for (int step = 0; step < steps; step++) {
      long start = System.nanoTime();
      for (long done = 0; done < stepBytes; ) {
        int block = (int) Math.min(64 << 20, stepBytes - done);
        held.add(ByteBuffer.allocateDirect(block)); // zeroed, so every page is touched
        done += block;
      }
      print("fresh off-heap memory", step, System.nanoTime() - start, stepBytes);
    }
    // Freed now, the memory above is what the page cache gets first, while the guest still has it.
    held.clear();
    System.gc();
    Path file = Files.createTempFile("coffer-fresh-memory-", ".bin");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer block = ByteBuffer.allocateDirect(1 << 20);
      long at = 0;
      for (int step = 0; step < steps; step++) {
        long start = System.nanoTime();
        for (long done = 0; done < stepBytes; done += block.capacity()) {
          block.clear();
          while (block.hasRemaining()) {
            at += channel.write(block, at);
          }
        }
        print("file growing through the page cache", step, System.nanoTime() - start, stepBytes);
      }
    } finally {
      Files.delete(file);
    }
  }

  private static void print(String what, int step, long nanos, long bytes) {
    System.out.printf(
        Locale.ROOT,
        "%s, step %d: %.0f MB/s, %.2f us per page%n",
        what,
        step,
        bytes / (nanos / 1e3),
        nanos / 1e3 / (bytes / PAGE));
  }
}
