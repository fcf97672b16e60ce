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
 * Small objects stored the two ways an engine can store them, alternating in rounds in one JVM:
 * with their sealed data in the object's record (the default) and in a row of their own ({@code
 * inlineObjectBytes(0)}, as every object was stored before). Each round puts {@code objects} new
 * objects into each store, then gets them, and prints per side the wall and calling-thread CPU time
 * per put and per get. Same options otherwise: bucket key on, audit log on.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.coffer.bench.SmallObjectLayoutLoop [objects] [rounds] [bytes]
 * </pre>
 */
public final class SmallObjectLayoutLoop {
  private static final Principal ROOT = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);

  private SmallObjectLayoutLoop() {}

  /** Per-call wall and CPU microseconds of one side's puts and gets in one round. */
  record Round(double putMicros, double putCpu, double getMicros, double getCpu) {}

  public static void main(String[] args) throws Exception {
    int objects = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    int bytes = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
    System.out.printf(
        Locale.ROOT,
        "JDK %s, %d objects of %d bytes per round and side%n",
        Runtime.version(),
        objects,
        bytes);
    byte[] data = EngineMacroBenchmark.random(bytes, 1);
    Path[] dirs = {Files.createTempDirectory("inline-"), Files.createTempDirectory("rows-")};
    Coffer[] coffers = {
      Coffer.builder(dirs[0]).open(), Coffer.builder(dirs[1]).inlineObjectBytes(0).open()
    };
    try {
      ObjectStore[] stores = {benchBucket(coffers[0]), benchBucket(coffers[1])};
      for (int round = 0; round < rounds; round++) {
        // Each side goes first in every other round: the first runs in a colder JVM.
        Round inline;
        Round rows;
        if (round % 2 == 0) {
          inline = run(stores[0], round, objects, data);
          rows = run(stores[1], round, objects, data);
        } else {
          rows = run(stores[1], round, objects, data);
          inline = run(stores[0], round, objects, data);
        }
        System.out.printf(
            Locale.ROOT,
            "round %d: put %.1f us (cpu %.1f) in record, %.1f us (cpu %.1f) in rows: %.2fx;"
                + " get %.1f us (cpu %.1f) in record, %.1f us (cpu %.1f) in rows: %.2fx%n",
            round,
            inline.putMicros(),
            inline.putCpu(),
            rows.putMicros(),
            rows.putCpu(),
            rows.putMicros() / inline.putMicros(),
            inline.getMicros(),
            inline.getCpu(),
            rows.getMicros(),
            rows.getCpu(),
            rows.getMicros() / inline.getMicros());
      }
    } finally {
      for (int s = 0; s < 2; s++) {
        coffers[s].close();
        ScratchDirectories.delete(dirs[s]);
      }
    }
  }

  /** The root's store in {@code coffer}, with bucket "bench" under a new key, bucket key on. */
  static ObjectStore benchBucket(Coffer coffer) {
    ObjectStore s3 = coffer.as(ROOT);
    String key = coffer.keystore().as(ROOT).createKey(CreateKeyRequest.defaults()).arn();
    s3.createBucket(CreateBucketRequest.of("bench", new BucketEncryption(key, true)));
    return s3;
  }

  /** Puts {@code objects} new objects under {@code round/}, then gets them; times both. */
  static Round run(ObjectStore s3, int round, int objects, byte[] data) throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (int i = 0; i < objects; i++) {
      s3.putObject(PutObjectRequest.builder("bench", round + "/" + i).build(), data);
    }
    double putMicros = (System.nanoTime() - start) / 1e3 / objects;
    double putCpu = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / objects;
    cpu = threads.getCurrentThreadCpuTime();
    start = System.nanoTime();
    long read = 0;
    for (int i = 0; i < objects; i++) {
      try (ObjectContent c = s3.getObject(GetObjectRequest.of("bench", round + "/" + i))) {
        read += c.readAllBytes().length;
      }
    }
    double getMicros = (System.nanoTime() - start) / 1e3 / objects;
    double getCpu = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / objects;
    if (read != (long) objects * data.length) {
      throw new IllegalStateException("read " + read + " bytes, expected " + objects * data.length);
    }
    return new Round(putMicros, putCpu, getMicros, getCpu);
  }
}
