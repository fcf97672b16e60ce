package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A gibibyte through {@code coffer put b/k -} and {@code coffer get b/k -} in child JVMs limited to
 * a 256 MiB heap: both commands must stream. The bytes are generated while they are piped in and
 * compared by SHA-256 digests computed while streaming, so neither side holds them, nor a file.
 * Isolated, so that its timing is not shared with other test classes.
 */
@Isolated
class LargeObjectStreamingTest {
  private static final long SIZE = 1L << 30;
  private static final int BLOCK = 1 << 20;
  private static final String HEAP = "-Xmx256m";

  @TempDir Path tmp;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aGibibyte_putFromStdin_andGetToStdout_withA256MiBHeap() throws Exception {
    Path data = tmp.resolve("data");
    Coffer coffer = Coffer.initialized(data);
    coffer.createKey("--alias", "alias/big");
    coffer.createBucket("big", "--kms-key", "alias/big");

    long start = System.nanoTime();
    Process put =
        child(data, "put", "big/blob.bin", "-")
            .redirectOutput(tmp.resolve("put.out").toFile())
            .redirectError(tmp.resolve("put.err").toFile())
            .start();
    byte[] sent;
    try (OutputStream stdin = put.getOutputStream()) {
      sent = generate(stdin);
    }
    awaitSuccess(put, "put");
    long putDone = System.nanoTime();

    Process get =
        child(data, "get", "big/blob.bin", "-")
            .redirectError(tmp.resolve("get.err").toFile())
            .start();
    get.getOutputStream().close();
    MessageDigest received = sha256();
    long count = 0;
    try (InputStream stdout = get.getInputStream()) {
      byte[] buffer = new byte[BLOCK];
      for (int n; (n = stdout.read(buffer)) >= 0; ) {
        received.update(buffer, 0, n);
        count += n;
      }
    }
    awaitSuccess(get, "get");
    long getDone = System.nanoTime();

    System.out.printf(
        "1 GiB with %s: put %.1f s (%.0f MB/s), get %.1f s (%.0f MB/s)%n",
        HEAP,
        (putDone - start) / 1e9,
        SIZE / 1e6 / ((putDone - start) / 1e9),
        (getDone - putDone) / 1e9,
        SIZE / 1e6 / ((getDone - putDone) / 1e9));
    assertThat(count).isEqualTo(SIZE);
    assertThat(received.digest()).isEqualTo(sent);
    assertThat(coffer.run("head", "big/blob.bin", "--json").json().get("contentLength").getAsLong())
        .isEqualTo(SIZE);
  }

  /** Writes SIZE bytes: one random block, numbered afresh each time; returns their SHA-256. */
  private static byte[] generate(OutputStream out) throws IOException {
    byte[] block = new byte[BLOCK];
    new SplittableRandom(42).nextBytes(block);
    MessageDigest digest = sha256();
    for (long i = 0; i < SIZE / BLOCK; i++) {
      // Numbered, so that segments swapped or repeated would change the digest.
      ByteBuffer.wrap(block).putLong(0, i);
      digest.update(block);
      out.write(block);
    }
    return digest.digest();
  }

  /** {@code coffer --data DIR args…} in a child JVM with the small heap and the test class path. */
  private static ProcessBuilder child(Path data, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(HEAP);
    String flags = System.getProperty("coffer.jvm.flags", "").strip();
    if (!flags.isEmpty()) {
      command.addAll(List.of(flags.split("\\s+")));
    }
    command.add("-cp");
    command.add(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(Main.class.getName());
    command.add("--data");
    command.add(data.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove(Invocation.PASSPHRASE_ENV);
    builder.environment().remove(Invocation.DEBUG_ENV);
    return builder;
  }

  private void awaitSuccess(Process process, String name) throws InterruptedException, IOException {
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(name + " finished").isTrue();
    assertThat(process.exitValue())
        .as(name + ": " + Files.readString(tmp.resolve(name + ".err")))
        .isZero();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
