package dev.coffer.keystore.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a test main class in a separate JVM on the test class path, to be killed. */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;

  private ChildJvm(Process process) {
    this.process = process;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  public static ChildJvm start(Class<?> main, String... args) throws IOException {
    return startWithJvmOptions(List.of(), main, args);
  }

  /** Starts {@code main} with extra JVM options, such as a heap limit. */
  public static ChildJvm startWithJvmOptions(List<String> jvmOptions, Class<?> main, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String flags = System.getProperty("coffer.jvm.flags", "");
    if (!flags.isBlank()) {
      cmd.addAll(List.of(flags.trim().split("\\s+")));
    }
    cmd.add("-Xshare:auto");
    cmd.add("-Djava.io.tmpdir=" + ChildTempDirectory.PATH);
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return new ChildJvm(
        new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  /** The next line the child printed, or null at its end. */
  public String readLine() throws IOException {
    return out.readLine();
  }

  /** SIGKILL: no shutdown hooks, no finally blocks, as a crash. */
  public void kill() {
    // Only the handle: Process.destroyForcibly would also close the pipe, and with it the lines
    // the child printed that were not read yet (remainingLines).
    process.toHandle().destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * After {@link #kill}: every whole line the child printed that was not read yet. A line the kill
   * cut short is left out: it was never reported.
   */
  public List<String> remainingLines() throws IOException {
    StringBuilder rest = new StringBuilder();
    char[] buffer = new char[8192];
    for (int n = out.read(buffer); n >= 0; n = out.read(buffer)) {
      rest.append(buffer, 0, n);
    }
    List<String> lines = new ArrayList<>(List.of(rest.toString().split("\n", -1)));
    lines.remove(lines.size() - 1); // after the last newline: empty, or a line cut short
    return lines;
  }

  @Override
  public void close() {
    kill();
    try {
      out.close();
    } catch (IOException ignored) {
      // The child is gone; nothing is left to read.
    }
  }

  /**
   * The children's temporary directory, removed when this JVM exits: a child killed as a crash
   * leaves behind what it extracted there (RocksDB's native library, about 16 MB each time), and
   * crash tests kill hundreds.
   */
  private static final class ChildTempDirectory {
    static final Path PATH = create();

    private static Path create() {
      try {
        Path dir = java.nio.file.Files.createTempDirectory("coffer-children-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        return dir;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private static void deleteTree(Path dir) {
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
        files
            .sorted(java.util.Comparator.reverseOrder())
            .forEach(
                f -> {
                  try {
                    java.nio.file.Files.deleteIfExists(f);
                  } catch (IOException e) {
                    // Best effort at exit: a file still in use stays for the system to clean.
                  }
                });
      } catch (IOException e) {
        // Nothing to clean, or not readable: left to the system's temporary-file cleanup.
      }
    }
  }
}
