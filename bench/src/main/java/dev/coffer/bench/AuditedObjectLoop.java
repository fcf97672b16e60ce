package dev.coffer.bench;

import dev.coffer.engine.Coffer;
import dev.coffer.engine.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Warm small-object puts and gets through a store with the audit log (the default) and, in the same
 * JVM, one without it, alternating in rounds; prints per round and side the wall and calling-thread
 * CPU time per put and per get. {@code side} {@code audited} or {@code unaudited} runs one side
 * only, to compare two builds of the same side. Bucket key on.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.coffer.bench.AuditedObjectLoop [objects] [rounds] [side]
 * </pre>
 */
public final class AuditedObjectLoop {
  private AuditedObjectLoop() {}

  public static void main(String[] args) throws Exception {
    int objects = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    String side = args.length > 2 ? args[2] : "both";
    if (!side.equals("both") && !side.equals("audited") && !side.equals("unaudited")) {
      throw new IllegalArgumentException("side is both, audited or unaudited, not " + side);
    }
    byte[] data = EngineMacroBenchmark.random(4096, 1);
    boolean[] audited = {true, false};
    Path[] dirs = new Path[2];
    Coffer[] coffers = new Coffer[2];
    ObjectStore[] stores = new ObjectStore[2];
    try {
      for (int s = 0; s < 2; s++) {
        dirs[s] = Files.createTempDirectory("audited-object-loop-");
        coffers[s] = Coffer.builder(dirs[s]).auditLog(audited[s]).open();
        stores[s] = SmallObjectLayoutLoop.benchBucket(coffers[s]);
      }
      for (int round = 0; round < rounds; round++) {
        for (int s = 0; s < 2; s++) {
          if (side.equals(audited[s] ? "unaudited" : "audited")) {
            continue;
          }
          SmallObjectLayoutLoop.Round r =
              SmallObjectLayoutLoop.run(stores[s], round, objects, data);
          System.out.printf(
              Locale.ROOT,
              "round %d %s: put %.1f us (cpu %.1f), get %.1f us (cpu %.1f)%n",
              round,
              audited[s] ? "audited  " : "unaudited",
              r.putMicros(),
              r.putCpu(),
              r.getMicros(),
              r.getCpu());
        }
      }
    } finally {
      for (int s = 0; s < 2; s++) {
        if (coffers[s] != null) {
          coffers[s].close();
        }
        if (dirs[s] != null) {
          ScratchDirectories.delete(dirs[s]);
        }
      }
    }
  }
}
