package dev.coffer.bench;

import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.Coffer;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
  private static final Principal ROOT = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);

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
        stores[s] = coffers[s].as(ROOT);
        String key = coffers[s].keystore().as(ROOT).createKey(CreateKeyRequest.defaults()).arn();
        stores[s].createBucket(CreateBucketRequest.of("bench", new BucketEncryption(key, true)));
      }
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      for (int round = 0; round < rounds; round++) {
        for (int s = 0; s < 2; s++) {
          if (side.equals(audited[s] ? "unaudited" : "audited")) {
            continue;
          }
          long cpu = threads.getCurrentThreadCpuTime();
          long start = System.nanoTime();
          for (int i = 0; i < objects; i++) {
            stores[s].putObject(PutObjectRequest.builder("bench", round + "/" + i).build(), data);
          }
          long putWall = System.nanoTime() - start;
          long putCpu = threads.getCurrentThreadCpuTime() - cpu;
          cpu = threads.getCurrentThreadCpuTime();
          start = System.nanoTime();
          for (int i = 0; i < objects; i++) {
            read(stores[s], round + "/" + i, data.length);
          }
          long getWall = System.nanoTime() - start;
          long getCpu = threads.getCurrentThreadCpuTime() - cpu;
          System.out.printf(
              Locale.ROOT,
              "round %d %s: put %.1f us (cpu %.1f), get %.1f us (cpu %.1f)%n",
              round,
              audited[s] ? "audited  " : "unaudited",
              putWall / 1e3 / objects,
              putCpu / 1e3 / objects,
              getWall / 1e3 / objects,
              getCpu / 1e3 / objects);
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

  private static void read(ObjectStore s3, String key, int expected) throws IOException {
    try (ObjectContent c = s3.getObject(GetObjectRequest.of("bench", key))) {
      int n = c.readAllBytes().length;
      if (n != expected) {
        throw new IllegalStateException(
            "read " + n + " bytes of " + key + ", expected " + expected);
      }
    }
  }
}
