package dev.coffer.bench;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;
import dev.coffer.engine.archive.ArchiveExtractor;
import dev.coffer.engine.archive.ArchiveHeader;
import dev.coffer.engine.archive.ArchiveKey;
import dev.coffer.engine.archive.ArchiveReader;
import dev.coffer.engine.archive.ArchiveSpec;
import dev.coffer.engine.archive.ArchiveWriter;
import dev.coffer.engine.archive.FileTreeArchiver;
import dev.coffer.engine.archive.OpenOptions;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Archive create and extract of one large file against raw Tink {@code StreamingAead} over the same
 * bytes, each run in a fresh JVM (cold: nothing compiled, nothing cached), file to file on the same
 * disk, with the same 64 KiB reads and buffered writes on both sides. Raw Tink uses the archive's
 * parameters (AES-GCM-HKDF, HKDF-SHA256, AES-256, 4 KiB segments); it is also run with 1 MiB
 * segments, to show why archives use 4 KiB ones on JDK 17.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.coffer.bench.ArchiveBenchmark [MiB] [runs]</pre>
 *
 * The archive runs include opening the keystore and the one keystore call (GenerateDataKey or
 * Decrypt) each makes; JVM start-up is excluded from both sides.
 */
public final class ArchiveBenchmark {
  private static final Principal ROOT = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);
  private static final int BUFFER = 64 * 1024;
  private static final byte[] AAD = "bench".getBytes(StandardCharsets.US_ASCII);

  /** Wall-clock nanoseconds an archive run spent opening the keystore and its data key. */
  private static long keystoreNanos;

  /** What one child JVM runs. */
  enum Mode {
    TINK_ENCRYPT_4K,
    ARCHIVE_CREATE,
    TINK_DECRYPT_4K,
    ARCHIVE_EXTRACT,
    TINK_ENCRYPT_1M,
    TINK_DECRYPT_1M
  }

  private ArchiveBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--run")) {
      Path dir = Path.of(args[2]);
      long cpuBefore = processCpuNanos();
      long nanos = run(Mode.valueOf(args[1]), dir);
      System.out.println(nanos + " " + (processCpuNanos() - cpuBefore) + " " + keystoreNanos);
      return;
    }
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path dir = Files.createTempDirectory("archive-bench-");
    try {
      prepare(dir, mib << 20);
      Map<Mode, List<Double>> mbs = new LinkedHashMap<>();
      Map<Mode, List<Double>> cpu = new LinkedHashMap<>();
      Map<Mode, List<Double>> keystoreMillis = new LinkedHashMap<>();
      Map<Mode, List<Double>> streaming = new LinkedHashMap<>();
      for (int r = 0; r < runs; r++) {
        // Interleaved, so that load from other processes falls on every mode alike.
        for (Mode mode : Mode.values()) {
          long[] nanos = child(mode, dir);
          mbs.computeIfAbsent(mode, m -> new ArrayList<>()).add((mib << 20) * 1e3 / nanos[0]);
          cpu.computeIfAbsent(mode, m -> new ArrayList<>()).add((mib << 20) * 1e3 / nanos[1]);
          if (nanos[2] > 0) {
            keystoreMillis.computeIfAbsent(mode, m -> new ArrayList<>()).add(nanos[2] / 1e6);
            streaming
                .computeIfAbsent(mode, m -> new ArrayList<>())
                .add((mib << 20) * 1e3 / (nanos[0] - nanos[2]));
          }
        }
      }
      report(mib, runs, mbs, "wall clock");
      report(mib, runs, cpu, "per CPU second (all threads of the JVM, JIT and GC included)");
      keystoreMillis.forEach(
          (mode, ms) ->
              System.out.printf(
                  Locale.ROOT,
                  "%s: keystore open and data key %.0f ms (median); streaming alone %.0f MB/s%n",
                  mode.name().toLowerCase(Locale.ROOT),
                  median(ms),
                  median(streaming.get(mode))));
    } finally {
      ScratchDirectories.delete(dir);
    }
  }

  private static void report(long mib, int runs, Map<Mode, List<Double>> mbs, String what) {
    System.out.printf(
        Locale.ROOT,
        "JDK %s, %d MiB file to file, %d cold JVM(s) per mode, MB/s %s (median, min-max)%n",
        Runtime.version(),
        mib,
        runs,
        what);
    for (Map.Entry<Mode, List<Double>> e : mbs.entrySet()) {
      List<Double> sorted = e.getValue().stream().sorted().toList();
      System.out.printf(
          Locale.ROOT,
          "%-18s %8.0f  (%.0f-%.0f)%n",
          e.getKey().name().toLowerCase(Locale.ROOT),
          median(sorted),
          sorted.get(0),
          sorted.get(sorted.size() - 1));
    }
    System.out.printf(
        Locale.ROOT,
        "create / raw encrypt  %.2fx (median of each round's ratio %.2fx)%n"
            + "extract / raw decrypt %.2fx (median of each round's ratio %.2fx)%n",
        median(mbs.get(Mode.ARCHIVE_CREATE)) / median(mbs.get(Mode.TINK_ENCRYPT_4K)),
        pairedRatio(mbs.get(Mode.ARCHIVE_CREATE), mbs.get(Mode.TINK_ENCRYPT_4K)),
        median(mbs.get(Mode.ARCHIVE_EXTRACT)) / median(mbs.get(Mode.TINK_DECRYPT_4K)),
        pairedRatio(mbs.get(Mode.ARCHIVE_EXTRACT), mbs.get(Mode.TINK_DECRYPT_4K)));
  }

  /** Rounds run the modes back to back, so a round's ratio shares that round's load. */
  private static double pairedRatio(List<Double> archive, List<Double> raw) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < archive.size(); i++) {
      ratios.add(archive.get(i) / raw.get(i));
    }
    return median(ratios);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The input file, a keystore with a key, and a data key file for raw Tink. */
  static void prepare(Path dir, long size) throws IOException {
    byte[] block = new byte[1 << 20];
    SplittableRandom random = new SplittableRandom(1);
    try (OutputStream out = Files.newOutputStream(dir.resolve("input.bin"))) {
      for (long written = 0; written < size; written += block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, size - written));
      }
    }
    byte[] dataKey = new byte[32];
    random.nextBytes(dataKey);
    Files.write(dir.resolve("data.key"), dataKey);
    try (Keystore keystore =
        Keystore.builder(dir.resolve("keystore")).createIfMissing(true).open()) {
      String key = keystore.as(ROOT).createKey(CreateKeyRequest.defaults()).arn();
      Files.writeString(dir.resolve("key.arn"), key);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Wall-clock and CPU nanoseconds of one mode in a fresh JVM. */
  private static long[] child(Mode mode, Path dir) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ArchiveBenchmark.class.getName());
    command.addAll(List.of("--run", mode.name(), dir.toString()));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(mode + " failed");
    }
    String[] fields = out.split(" ");
    return new long[] {
      Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2])
    };
  }

  /** Runs one mode in this (fresh) JVM; returns its nanoseconds. */
  static long run(Mode mode, Path dir) throws Exception {
    Path input = dir.resolve("input.bin");
    long start = System.nanoTime();
    switch (mode) {
      case TINK_ENCRYPT_4K -> tinkEncrypt(dir, input, 4096, dir.resolve("raw-4k.tink"));
      case TINK_ENCRYPT_1M -> tinkEncrypt(dir, input, 1 << 20, dir.resolve("raw-1m.tink"));
      case TINK_DECRYPT_4K -> tinkDecrypt(dir, dir.resolve("raw-4k.tink"), 4096);
      case TINK_DECRYPT_1M -> tinkDecrypt(dir, dir.resolve("raw-1m.tink"), 1 << 20);
      case ARCHIVE_CREATE -> create(dir, input);
      case ARCHIVE_EXTRACT -> extract(dir);
    }
    return System.nanoTime() - start;
  }

  private static StreamingAead tink(Path dir, int segmentSize) throws Exception {
    AesGcmHkdfStreamingParameters parameters =
        AesGcmHkdfStreamingParameters.builder()
            .setKeySizeBytes(32)
            .setDerivedAesGcmKeySizeBytes(32)
            .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
            .setCiphertextSegmentSizeBytes(segmentSize)
            .build();
    return AesGcmHkdfStreaming.create(
        AesGcmHkdfStreamingKey.create(
            parameters,
            SecretBytes.copyFrom(
                Files.readAllBytes(dir.resolve("data.key")), InsecureSecretKeyAccess.get())));
  }

  private static void tinkEncrypt(Path dir, Path input, int segmentSize, Path output)
      throws Exception {
    StreamingAead aead = tink(dir, segmentSize);
    try (InputStream in = Files.newInputStream(input);
        OutputStream out =
            aead.newEncryptingStream(
                new BufferedOutputStream(Files.newOutputStream(output), BUFFER), AAD)) {
      copy(in, out);
    }
  }

  private static void tinkDecrypt(Path dir, Path input, int segmentSize) throws Exception {
    StreamingAead aead = tink(dir, segmentSize);
    try (InputStream in =
            aead.newDecryptingStream(
                new java.io.BufferedInputStream(Files.newInputStream(input), BUFFER), AAD);
        OutputStream out = Files.newOutputStream(dir.resolve("raw-output.bin"))) {
      copy(in, out);
    }
  }

  private static void create(Path dir, Path input) throws Exception {
    long start = System.nanoTime();
    ArchiveSpec spec = ArchiveSpec.builder(Files.readString(dir.resolve("key.arn"))).build();
    ArchiveKey key;
    try (Keystore keystore = Keystore.builder(dir.resolve("keystore")).open()) {
      KeyService kms = keystore.as(ROOT);
      key = ArchiveKey.create(kms, spec);
    }
    keystoreNanos = System.nanoTime() - start;
    try (ArchiveWriter writer =
        ArchiveWriter.start(Files.newOutputStream(dir.resolve("archive.coffer")), key)) {
      new FileTreeArchiver(writer, new FileTreeArchiver.Listener() {}).add(input, "input.bin");
      writer.finish();
    }
  }

  private static void extract(Path dir) throws Exception {
    Path target = dir.resolve("extracted");
    ScratchDirectories.delete(target);
    try (InputStream in = Files.newInputStream(dir.resolve("archive.coffer"))) {
      long start = System.nanoTime();
      ArchiveHeader header = ArchiveHeader.read(in);
      ArchiveKey key;
      try (Keystore keystore = Keystore.builder(dir.resolve("keystore")).open()) {
        key = ArchiveKey.open(keystore.as(ROOT), header, OpenOptions.defaults());
      }
      keystoreNanos = System.nanoTime() - start;
      try (ArchiveReader reader = ArchiveReader.open(in, key)) {
        ArchiveExtractor.extract(reader, target, new ArchiveExtractor.Listener() {});
      }
    }
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[BUFFER];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      out.write(buffer, 0, n);
    }
  }
}
