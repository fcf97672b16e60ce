package dev.coffer.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * What the command runs in: standard streams, environment variables, whether a person is at a
 * terminal (for progress bars), and test seams. Passed in rather than read from {@link System} so
 * that tests run commands in-process.
 */
record Host(
    PrintStream out,
    PrintStream err,
    InputStream in,
    Map<String, String> env,
    boolean terminal,
    ArchiveReadSeam archiveReads) {
  Host {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(archiveReads, "archiveReads");
    env = Map.copyOf(env);
  }

  Host(
      PrintStream out, PrintStream err, InputStream in, Map<String, String> env, boolean terminal) {
    this(out, err, in, env, terminal, ArchiveReadSeam.NONE);
  }

  /** A host without a terminal, as in tests and pipelines. */
  Host(PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
    this(out, err, in, env, false);
  }

  /** Whether an environment flag such as {@code COFFER_DEBUG=1} is on. */
  boolean flag(String name) {
    String value = env.get(name);
    return value != null && !value.isEmpty() && !value.equals("0") && !value.equals("false");
  }
}
