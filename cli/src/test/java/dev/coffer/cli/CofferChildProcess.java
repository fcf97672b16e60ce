package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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

/**
 * {@code coffer} in a child JVM with a small heap, for the tests that stream gigabytes through
 * pipes, and the numbered data they stream.
 */
final class CofferChildProcess {
  static final int BLOCK = 1 << 20;
  static final String HEAP = "-Xmx256m";

  private CofferChildProcess() {}

  /** {@code coffer --data DIR args…} with the small heap and the test class path. */
  static ProcessBuilder command(Path data, String... args) {
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

  /**
   * Writes {@code size} bytes: one random block, numbered afresh each time; returns their SHA-256.
   */
  static byte[] generate(OutputStream out, long size) throws IOException {
    byte[] block = new byte[BLOCK];
    new SplittableRandom(42).nextBytes(block);
    MessageDigest digest = sha256();
    for (long i = 0; i < size / BLOCK; i++) {
      // Numbered, so that blocks swapped or repeated would change the digest.
      ByteBuffer.wrap(block).putLong(0, i);
      digest.update(block);
      out.write(block);
    }
    return digest.digest();
  }

  /** Waits for the child and checks it exited 0, showing its standard error file if not. */
  static void awaitSuccess(Process process, Path stderr, String name)
      throws InterruptedException, IOException {
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(name + " finished").isTrue();
    assertThat(process.exitValue()).as(name + ": " + Files.readString(stderr)).isZero();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
