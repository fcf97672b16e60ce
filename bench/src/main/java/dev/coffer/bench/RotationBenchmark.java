package dev.coffer.bench;

import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.Coffer;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.JobState;
import dev.coffer.engine.JobStatus;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.engine.RotationService;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.Ciphertext;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.ReEncryptRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Rotation side by side, in one cold JVM: a rewrap job over objects without bucket keys against the
 * keystore's bare ReEncrypt of as many wrapped keys (the job's floor: what it adds is the RocksDB
 * read, the record rewrite and the checkpoints); then rotate + rewrap of objects under bucket keys,
 * where only the bucket keys are re-wrapped. Run it with:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.coffer.bench.RotationBenchmark [direct] [bucket-keyed]
 * </pre>
 *
 * (defaults 50,000 and 1,000,000 objects). {@code -Dchunks=true} prints the bare ReEncrypt rate per
 * 5,000 keys, to show the cold JVM warming up; {@code -Daudit=false} runs without the audit log.
 * Each timed run also prints the CPU time the whole process spent per item and the load average
 * before and after: on a shared machine the wall-clock rate says as much about the neighbours as
 * about Coffer, the CPU time much less. With {@code -Dperf.pause=MS} it prints {@code PERF-ATTACH
 * tid} for the thread doing the work and waits that long before each timed run, then {@code
 * PERF-DETACH} after it, so that {@code bench/perf-rotation.sh} can count that thread's
 * instructions with {@code perf stat}: a figure the neighbours do not move.
 */
public final class RotationBenchmark {
  private static final Principal ROOT = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);
  private static final byte[] CONTENT =
      "a small object".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private RotationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int direct = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int keyed = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    System.out.printf(Locale.ROOT, "JDK %s, cold JVM%n", Runtime.version());
    double reEncryptRate = bareReEncrypt(direct);
    double jobRate = rewrapJob(direct, false);
    System.out.printf(
        Locale.ROOT,
        "rewrap job / bare ReEncrypt: %.2f (job %,.0f objects/s, ReEncrypt %,.0f/s)%n",
        jobRate / reEncryptRate,
        jobRate,
        reEncryptRate);
    rewrapJob(keyed, true);
  }

  /** ReEncrypt of {@code count} wrapped keys from version 1 to 2, straight on the keystore. */
  private static double bareReEncrypt(int count) throws IOException {
    Path dir = Files.createTempDirectory("rotation-kms-");
    try (Coffer coffer =
        Coffer.builder(dir).auditLog(!"false".equals(System.getProperty("audit"))).open()) {
      KeyService kms = coffer.keystore().as(ROOT);
      String key = kms.createKey(CreateKeyRequest.defaults()).arn();
      EncryptionContext context = EncryptionContext.of("aws:s3:arn", "arn:aws:s3:::bench/object");
      List<byte[]> wrapped = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        Ciphertext c = kms.generateDataKeyWithoutPlaintext(GenerateDataKeyRequest.of(key, context));
        wrapped.add(c.blob());
      }
      kms.rotateKeyOnDemand(key);
      Cpu cpu = Cpu.start(Thread.currentThread().getName());
      long start = System.nanoTime();
      long chunk = start;
      int n = 0;
      for (byte[] blob : wrapped) {
        if (++n % 5000 == 0 && Boolean.getBoolean("chunks")) {
          long now = System.nanoTime();
          System.out.printf(Locale.ROOT, "  %,d: %,.0f/s%n", n, 5000 / ((now - chunk) / 1e9));
          chunk = now;
        }
        kms.reEncrypt(
            ReEncryptRequest.builder()
                .ciphertextBlob(blob)
                .sourceEncryptionContext(context)
                .destinationKeyId(key)
                .destinationEncryptionContext(context)
                .build());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = count / seconds;
      System.out.printf(
          Locale.ROOT,
          "bare ReEncrypt, %,d keys: %.2f s, %,.0f keys/s; %s%n",
          count,
          seconds,
          rate,
          cpu.per(count, "key"));
      return rate;
    } finally {
      ScratchDirectories.delete(dir);
    }
  }

  /** Puts {@code count} objects, then times rotate + rewrap until the job succeeds. */
  private static double rewrapJob(int count, boolean bucketKeys) throws Exception {
    Path dir = Files.createTempDirectory("rotation-job-");
    try (Coffer coffer =
        Coffer.builder(dir).auditLog(!"false".equals(System.getProperty("audit"))).open()) {
      ObjectStore s3 = coffer.as(ROOT);
      KeyService kms = coffer.keystore().as(ROOT);
      String key = kms.createKey(CreateKeyRequest.defaults()).arn();
      s3.createBucket(CreateBucketRequest.of("bench", new BucketEncryption(key, bucketKeys)));
      long putStart = System.nanoTime();
      for (int i = 0; i < count; i++) {
        s3.putObject(PutObjectRequest.builder("bench", String.format("o%08d", i)).build(), CONTENT);
      }
      double putSeconds = (System.nanoTime() - putStart) / 1e9;
      RotationService rotation = coffer.rotation(Caller.of(ROOT));
      Cpu cpu = Cpu.start("coffer-jobs");
      long start = System.nanoTime();
      String jobId = rotation.rotate(key, true, false).orElseThrow().jobId();
      JobStatus status = rotation.awaitJob(jobId, Duration.ofHours(1));
      double seconds = (System.nanoTime() - start) / 1e9;
      if (status.state() != JobState.SUCCEEDED) {
        throw new IllegalStateException("job ended " + status.state() + ": " + status.error());
      }
      double rate = count / seconds;
      System.out.printf(
          Locale.ROOT,
          "rotate + rewrap, %,d objects, bucket keys %s: %.3f s, %,.0f objects/s"
              + " (job moved %,d, skipped %,d; setup puts took %.1f s); %s%n",
          count,
          bucketKeys ? "on" : "off",
          seconds,
          rate,
          status.done(),
          status.skipped(),
          putSeconds,
          cpu.per(count, "object"));
      return rate;
    } finally {
      ScratchDirectories.delete(dir);
    }
  }

  /**
   * CPU time from the start of a timed run: the whole process's (JIT compilers, GC and RocksDB's
   * background threads included) and that of the thread doing the work (the caller for the bare
   * loop, the engine's job thread for the job), with the load average before and after.
   */
  private record Cpu(long processStart, String thread, long threadStart, double loadBefore) {
    private static com.sun.management.OperatingSystemMXBean os() {
      return (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    }

    private static long threadCpu(String name) {
      java.lang.management.ThreadMXBean threads =
          java.lang.management.ManagementFactory.getThreadMXBean();
      for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
        if (t != null && t.getThreadName().equals(name)) {
          return threads.getThreadCpuTime(t.getThreadId());
        }
      }
      return 0;
    }

    static Cpu start(String thread) {
      long pause = Long.getLong("perf.pause", 0);
      if (pause > 0) {
        System.out.println("PERF-ATTACH " + nativeId(thread));
        System.out.flush();
        try {
          Thread.sleep(pause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return new Cpu(
          os().getProcessCpuTime(), thread, threadCpu(thread), os().getSystemLoadAverage());
    }

    /** The Linux thread id of the thread named {@code name}: the caller, or the job thread. */
    private static String nativeId(String name) {
      try {
        if (name.equals(Thread.currentThread().getName())) {
          return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        }
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
          for (Path task : tasks.toList()) {
            if (Files.readString(task.resolve("comm")).strip().equals(name)) {
              return task.getFileName().toString();
            }
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      throw new IllegalStateException("no thread " + name);
    }

    String per(int items, String item) {
      if (Long.getLong("perf.pause", 0) > 0) {
        System.out.println("PERF-DETACH");
        System.out.flush();
      }
      double process = (os().getProcessCpuTime() - processStart) / 1e9;
      double worker = (threadCpu(thread) - threadStart) / 1e9;
      return String.format(
          Locale.ROOT,
          "CPU per %s: process %.1f µs, thread %s %.1f µs (%,.0f/s per busy core);"
              + " load average %.1f before, %.1f after",
          item,
          items == 0 ? 0 : process * 1e6 / items,
          thread,
          items == 0 ? 0 : worker * 1e6 / items,
          worker == 0 ? 0 : items / worker,
          loadBefore,
          os().getSystemLoadAverage());
    }
  }
}
