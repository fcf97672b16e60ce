package dev.coffer.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * What the command runs in: standard streams, environment variables, and whether a person is at a
 * terminal (for progress bars). Passed in rather than read from {@link System} so that tests run
 * commands in-process.
 */
record Host(
    PrintStream out, PrintStream err, InputStream in, Map<String, String> env, boolean terminal) {
  Host {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(in, "in");
    env = Map.copyOf(env);
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
