package dev.coffer.bench;

import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.Coffer;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.grpc.BearerTokens;
import dev.coffer.grpc.CofferServer;
import dev.coffer.grpc.client.CofferClient;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The sidecar beside the embedded API, in one JVM: 4 KiB puts and gets through the Java client over
 * loopback (plaintext, a bearer token) with 1 and 8 concurrent clients, each with its own
 * connection, next to the same operations embedded with 1 and 8 threads, and next to the floor of
 * any call on this transport: an empty health check against a bare gRPC server (its health service
 * alone, no interceptors, no store) with the same clients' channel defaults. Then a 256 MiB object
 * streamed up and down, embedded and over plaintext (TLS is not measured here; see RESULTS.md): the
 * first transfer of the JVM, and the median of three more. Run it from a cold JVM:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.coffer.bench.GrpcMacroBenchmark [ops-per-client] [MiB]
 * </pre>
 */
public final class GrpcMacroBenchmark {
  private static final Principal ROOT = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);
  private static final String BUCKET = "bench";
  private static final int SMALL = 4096;
  private static final int WARM_TRANSFERS = 3;

  /** Distinct objects the gets cycle through (fewer for tiny runs). */
  private static final int MAX_KEYS = 1000;

  private GrpcMacroBenchmark() {}

  /** One operation of one client; {@code i} counts that client's operations. */
  interface Op {
    void run(int i) throws Exception;
  }

  /** Latencies of all clients of one run, and its wall time. */
  record Run(String name, long[] nanos, long wallNanos, long cpuNanos) {
    /** CPU time of the whole process (client, server and store) per operation. */
    double cpuMicrosPerOp() {
      return cpuNanos / 1e3 / nanos.length;
    }

    double opsPerSecond() {
      return nanos.length / (wallNanos / 1e9);
    }

    double percentileMicros(double p) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e3;
    }
  }

  public static void main(String[] args) throws Exception {
    int ops = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    long streamBytes = (args.length > 1 ? Long.parseLong(args[1]) : 256) << 20;
    // Optional: threads of the executor for the server's calls that may block (default: the
    // server's own cached pool). Gets run on the transport threads either way.
    int serverThreads = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    Path dir = Files.createTempDirectory("coffer-grpc-bench-");
    String token = BearerTokens.newToken();
    System.out.printf(
        Locale.ROOT,
        "JDK %s, %d cores, %d ops per client per run, server executor: %s%n",
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        ops,
        serverThreads > 0 ? serverThreads + " threads" : "the server's default");
    CofferServer.Builder serverBuilder =
        CofferServer.builder()
            .listen("127.0.0.1", 0)
            .plaintext()
            .tokens(BearerTokens.none().with(token, ROOT));
    ExecutorService serverPool = null;
    if (serverThreads > 0) {
      serverPool = Executors.newFixedThreadPool(serverThreads);
      serverBuilder.executor(serverPool);
    }
    try (Coffer coffer = Coffer.builder(dir).open();
        CofferServer server = serverBuilder.store(coffer).build().start()) {
      ObjectStore embedded = coffer.as(ROOT);
      String key = coffer.keystore().as(ROOT).createKey(CreateKeyRequest.defaults()).arn();
      embedded.createBucket(CreateBucketRequest.of(BUCKET, new BucketEncryption(key, true)));
      byte[] data = new byte[SMALL];
      new SplittableRandom(1).nextBytes(data);
      int keys = Math.min(MAX_KEYS, ops);
      for (int i = 0; i < keys; i++) {
        embedded.putObject(PutObjectRequest.builder(BUCKET, "g" + i).build(), data);
      }
      List<CofferClient> clients = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        clients.add(
            CofferClient.builder()
                .target("127.0.0.1", server.port())
                .plaintext()
                .token(token)
                .build());
      }
      GrpcFloor floor = GrpcFloor.start(8);
      IntFunction<ObjectStore> remote = c -> clients.get(c).objects();
      IntFunction<ObjectStore> local = c -> embedded;
      // Warm-up: the JIT and the connections, not measured.
      run("warm-up", 8, ops / 4, c -> get(remote.apply(c), keys));
      run("warm-up", 8, ops / 4, c -> put(remote.apply(c), c, data, keys));
      run("warm-up", 2, ops / 4, c -> get(local.apply(c), keys));
      run("warm-up", 8, ops / 4, floor::check);

      System.out.printf(
          Locale.ROOT,
          "%-36s %12s %10s %10s %10s%n",
          "run",
          "ops/s",
          "p50 µs",
          "p99 µs",
          "cpu µs/op");
      for (int threads : new int[] {1, 8}) {
        print(run("grpc floor: empty call, " + threads + " clients", threads, ops, floor::check));
        print(
            run(
                "embedded get 4 KiB, " + threads + " threads",
                threads,
                ops,
                c -> get(local.apply(c), keys)));
        print(
            run(
                "grpc get 4 KiB, " + threads + " clients",
                threads,
                ops,
                c -> get(remote.apply(c), keys)));
        print(
            run(
                "embedded put 4 KiB, " + threads + " threads",
                threads,
                ops,
                c -> put(local.apply(c), c, data, keys)));
        print(
            run(
                "grpc put 4 KiB, " + threads + " clients",
                threads,
                ops,
                c -> put(remote.apply(c), c, data, keys)));
      }
      stream("embedded", embedded, streamBytes);
      stream("grpc (plaintext loopback)", clients.get(0).objects(), streamBytes);
      for (CofferClient c : clients) {
        c.close();
      }
      floor.close();
    } finally {
      if (serverPool != null) {
        serverPool.shutdown();
      }
    }
    ScratchDirectories.delete(dir);
  }

  private static Op get(ObjectStore s3, int keys) {
    return i -> {
      try (ObjectContent c = s3.getObject(GetObjectRequest.of(BUCKET, "g" + (i % keys)))) {
        if (c.readAllBytes().length != SMALL) {
          throw new IllegalStateException("short read");
        }
      }
    };
  }

  private static Op put(ObjectStore s3, int client, byte[] data, int keys) {
    return i ->
        s3.putObject(
            PutObjectRequest.builder(BUCKET, "p" + client + "/" + (i % keys)).build(), data);
  }

  /** Runs {@code ops} operations on each of {@code threads} clients at once. */
  static Run run(String name, int threads, int ops, IntFunction<Op> opOfClient) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<long[]>> work = new ArrayList<>();
      for (int c = 0; c < threads; c++) {
        Op op = opOfClient.apply(c);
        work.add(
            () -> {
              long[] nanos = new long[ops];
              for (int i = 0; i < ops; i++) {
                long t = System.nanoTime();
                op.run(i);
                nanos[i] = System.nanoTime() - t;
              }
              return nanos;
            });
      }
      long cpu = processCpuNanos();
      long start = System.nanoTime();
      List<Future<long[]>> done = pool.invokeAll(work);
      long wall = System.nanoTime() - start;
      cpu = processCpuNanos() - cpu;
      long[] all = new long[threads * ops];
      for (int c = 0; c < threads; c++) {
        System.arraycopy(done.get(c).get(), 0, all, c * ops, ops);
      }
      return new Run(name, all, wall, cpu);
    } finally {
      pool.shutdown();
    }
  }

  static void print(Run run) {
    System.out.printf(
        Locale.ROOT,
        "%-36s %12.0f %10.1f %10.1f %10.1f%n",
        run.name(),
        run.opsPerSecond(),
        run.percentileMicros(0.50),
        run.percentileMicros(0.99),
        run.cpuMicrosPerOp());
  }

  /** CPU time this process has used, on all its threads. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Transfers of one object up and down: the first in a JVM that has not streamed yet, then {@link
   * #WARM_TRANSFERS} more over the same object, printed with their median.
   */
  private static void stream(String name, ObjectStore s3, long size) throws IOException {
    String key = "large-" + name.hashCode();
    String label = name + " " + (size >> 20) + " MiB";
    double[] first = transfer(s3, key, size);
    System.out.printf(
        Locale.ROOT,
        "%-48s put %7.0f MB/s   get %7.0f MB/s%n",
        label + ", first",
        first[0],
        first[1]);
    double[] puts = new double[WARM_TRANSFERS];
    double[] gets = new double[WARM_TRANSFERS];
    for (int i = 0; i < WARM_TRANSFERS; i++) {
      double[] t = transfer(s3, key, size);
      puts[i] = t[0];
      gets[i] = t[1];
    }
    System.out.printf(
        Locale.ROOT,
        "%-48s put %7.0f MB/s   get %7.0f MB/s   (put %s, get %s)%n",
        label + ", median of next " + WARM_TRANSFERS,
        median(puts),
        median(gets),
        range(puts),
        range(gets));
  }

  /** One put (overwriting) and one get of the whole object: MB/s of each. */
  private static double[] transfer(ObjectStore s3, String key, long size) throws IOException {
    long t = System.nanoTime();
    s3.putObject(PutObjectRequest.builder(BUCKET, key).build(), generated(size));
    double put = size / 1e6 / ((System.nanoTime() - t) / 1e9);
    t = System.nanoTime();
    long read = 0;
    try (ObjectContent c = s3.getObject(GetObjectRequest.of(BUCKET, key))) {
      byte[] buffer = new byte[256 * 1024];
      for (int n; (n = c.read(buffer)) > 0; ) {
        read += n;
      }
    }
    double get = size / 1e6 / ((System.nanoTime() - t) / 1e9);
    if (read != size) {
      throw new IllegalStateException("read " + read + " of " + size);
    }
    return new double[] {put, get};
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String range(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return String.format(Locale.ROOT, "%.0f–%.0f", sorted[0], sorted[sorted.length - 1]);
  }

  private static InputStream generated(long size) {
    return new InputStream() {
      private final byte[] block = new byte[64 * 1024];
      private long remaining = size;

      {
        new SplittableRandom(3).nextBytes(block);
      }

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
