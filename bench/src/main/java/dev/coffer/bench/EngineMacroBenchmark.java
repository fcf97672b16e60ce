package dev.coffer.bench;

import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.Coffer;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The side-by-side macro benchmark: in one JVM, on the same machine and the same RocksDB options
 * (the engine's own {@link EngineDb}), plaintext RocksDB put/get against Coffer put/get at 1, 4 and
 * 64 KiB with bucket keys on and off (and at 4 KiB with the audit log off, to show its share), and
 * a 256 MiB object against plaintext RocksDB storing the same 1 MiB segments in batches of four:
 * all through the write-ahead log, and, as Coffer stores them, only the first 16 MiB through it.
 * Run it from a cold JVM:
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.coffer.bench.EngineMacroBenchmark [ops] [MiB]</pre>
 */
public final class EngineMacroBenchmark {
  private static final Principal ROOT = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);
  private static final int SEGMENT = 1024 * 1024;

  private EngineMacroBenchmark() {}

  /** Latencies of one run, in nanoseconds. */
  record Run(String name, int ops, long[] nanos, long totalNanos) {
    double opsPerSecond() {
      return ops / (totalNanos / 1e9);
    }

    double percentileMicros(double p) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e3;
    }
  }

  public static void main(String[] args) throws Exception {
    int ops = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    System.out.printf(Locale.ROOT, "JDK %s, %d ops per run, cold JVM%n", Runtime.version(), ops);
    System.out.printf(
        Locale.ROOT, "%-44s %12s %10s %10s %8s%n", "run", "ops/s", "p50 µs", "p99 µs", "ratio");
    for (int size : new int[] {1024, 4096, 65536}) {
      Run plainPut;
      Run plainGet;
      Path plainDir = Files.createTempDirectory("plain-");
      byte[] value = random(size, 1);
      try (EngineDb db = EngineDb.open(plainDir, false)) {
        plainPut = timed("rocksdb put " + size / 1024 + " KiB", ops, i -> plainPut(db, i, value));
        plainGet = timed("rocksdb get " + size / 1024 + " KiB", ops, i -> plainGet(db, i));
      }
      ScratchDirectories.delete(plainDir);
      print(plainPut, plainPut);
      print(plainGet, plainGet);
      // The third configuration, at 4 KiB only, shows what the audit log costs per operation.
      int configurations = size == 4096 ? 3 : 2;
      for (int configuration = 0; configuration < configurations; configuration++) {
        boolean bucketKey = configuration != 1;
        boolean audited = configuration != 2;
        Path dir = Files.createTempDirectory("coffer-");
        AtomicLong keystoreCalls = new AtomicLong();
        try (Coffer coffer =
            Coffer.builder(dir)
                .auditLog(audited)
                .keystore(
                    k ->
                        k.auditSink(
                            (AuditEvent e) -> {
                              if (e.eventSource().equals("keystore")) {
                                keystoreCalls.incrementAndGet();
                              }
                            }))
                .open()) {
          ObjectStore s3 = coffer.as(ROOT);
          String key = coffer.keystore().as(ROOT).createKey(CreateKeyRequest.defaults()).arn();
          s3.createBucket(CreateBucketRequest.of("bench", new BucketEncryption(key, bucketKey)));
          byte[] data = random(size, 1);
          String label =
              (bucketKey ? "bucket key" : "no bucket key") + (audited ? "" : ", no audit log");
          long before = keystoreCalls.get();
          Run put =
              timed(
                  "coffer put " + size / 1024 + " KiB, " + label,
                  ops,
                  i -> s3.putObject(PutObjectRequest.builder("bench", "k" + i).build(), data));
          long putCalls = keystoreCalls.get() - before;
          Run get =
              timed("coffer get " + size / 1024 + " KiB, " + label, ops, i -> cofferGet(s3, i));
          print(put, plainPut);
          print(get, plainGet);
          System.out.printf(Locale.ROOT, "%-44s %12d%n", "  keystore calls during puts", putCalls);
        }
        ScratchDirectories.delete(dir);
      }
    }
    largeObject(args.length > 1 ? Integer.parseInt(args[1]) : 256);
  }

  private static void largeObject(int mebibytes) throws Exception {
    long size = (long) mebibytes << 20;
    double plainMbs = plainSegments(size, Long.MAX_VALUE);
    double plainAsCofferMbs = plainSegments(size, Coffer.DEFAULT_LOGGED_SEGMENT_BYTES);
    Path dir = Files.createTempDirectory("coffer-large-");
    double putMbs;
    double getMbs;
    try (Coffer coffer = Coffer.builder(dir).open()) {
      ObjectStore s3 = coffer.as(ROOT);
      s3.createBucket(CreateBucketRequest.of("large"));
      long t = System.nanoTime();
      s3.putObject(PutObjectRequest.builder("large", "object").build(), stream(size));
      putMbs = size / 1e6 / ((System.nanoTime() - t) / 1e9);
      t = System.nanoTime();
      try (ObjectContent c = s3.getObject(GetObjectRequest.of("large", "object"))) {
        byte[] buffer = new byte[256 * 1024];
        while (c.read(buffer) > 0) {
          // drain
        }
      }
      getMbs = size / 1e6 / ((System.nanoTime() - t) / 1e9);
    }
    ScratchDirectories.delete(dir);
    System.out.printf(
        Locale.ROOT,
        "%-44s %9.0f MB/s%n",
        "rocksdb " + mebibytes + " MiB as 1 MiB segments",
        plainMbs);
    System.out.printf(
        Locale.ROOT,
        "%-44s %9.0f MB/s%n",
        "  the same, logged only to 16 MiB (as coffer)",
        plainAsCofferMbs);
    System.out.printf(
        Locale.ROOT,
        "%-44s %9.0f MB/s %8.2fx %6.2fx as coffer%n",
        "coffer put " + mebibytes + " MiB",
        putMbs,
        putMbs / plainMbs,
        putMbs / plainAsCofferMbs);
    System.out.printf(
        Locale.ROOT, "%-44s %9.0f MB/s%n", "coffer get " + mebibytes + " MiB", getMbs);
  }

  /**
   * Plaintext segments in batches of four, as Coffer writes them; past {@code loggedBytes} without
   * the write-ahead log and with a flush at the end, as Coffer does by default.
   */
  private static double plainSegments(long size, long loggedBytes) throws Exception {
    Path plainDir = Files.createTempDirectory("plain-large-");
    try (EngineDb db = EngineDb.open(plainDir, false)) {
      long t = System.nanoTime();
      byte[] segment = random(SEGMENT, 2);
      boolean unlogged = false;
      EngineDb.Batch b = db.batch();
      for (int i = 0; i < size / SEGMENT; i++) {
        b.put(EngineDb.Family.CHUNKS, ByteBuffer.allocate(8).putLong(i).array(), segment);
        if (b.count() == 4 || i == size / SEGMENT - 1) {
          if ((long) (i + 1) * SEGMENT > loggedBytes) {
            b.commitUnlogged();
            unlogged = true;
          } else {
            b.commit();
          }
          b.close();
          b = db.batch();
        }
      }
      b.close();
      if (unlogged) {
        db.flush(EngineDb.Family.CHUNKS);
      }
      return size / 1e6 / ((System.nanoTime() - t) / 1e9);
    } finally {
      ScratchDirectories.delete(plainDir);
    }
  }

  interface Op {
    void run(int i) throws Exception;
  }

  static Run timed(String name, int ops, Op op) throws Exception {
    long[] nanos = new long[ops];
    long start = System.nanoTime();
    for (int i = 0; i < ops; i++) {
      long t = System.nanoTime();
      op.run(i);
      nanos[i] = System.nanoTime() - t;
    }
    return new Run(name, ops, nanos, System.nanoTime() - start);
  }

  static void print(Run run, Run baseline) {
    System.out.printf(
        Locale.ROOT,
        "%-44s %12.0f %10.1f %10.1f %8.2f%n",
        run.name(),
        run.opsPerSecond(),
        run.percentileMicros(0.50),
        run.percentileMicros(0.99),
        run.opsPerSecond() / baseline.opsPerSecond());
  }

  private static void plainPut(EngineDb db, int i, byte[] value) {
    try (EngineDb.Batch b = db.batch()) {
      b.put(EngineDb.Family.OBJECTS, ("k" + i).getBytes(), value).commit();
    }
  }

  private static void plainGet(EngineDb db, int i) {
    if (db.get(EngineDb.Family.OBJECTS, ("k" + i).getBytes()) == null) {
      throw new IllegalStateException("missing k" + i);
    }
  }

  private static void cofferGet(ObjectStore s3, int i) throws IOException {
    try (ObjectContent c = s3.getObject(GetObjectRequest.of("bench", "k" + i))) {
      c.readAllBytes();
    }
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  private static InputStream stream(long size) {
    return new InputStream() {
      private final byte[] block = random(64 * 1024, 3);
      private long remaining = size;

      @Override
      public int read() {
        return remaining-- > 0 ? 1 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (remaining == 0) {
          return -1;
        }
        int n = (int) Math.min(Math.min(len, remaining), block.length);
        System.arraycopy(block, 0, b, off, n);
        remaining -= n;
        return n;
      }
    };
  }
}
