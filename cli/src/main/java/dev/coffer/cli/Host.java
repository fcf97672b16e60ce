package dev.coffer.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * What the command runs in: standard streams and environment variables. Passed in rather than read
 * from {@link System} so that tests run commands in-process.
 */
record Host(PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
  Host {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(in, "in");
    env = Map.copyOf(env);
  }

  /** Whether an environment flag such as {@code COFFER_DEBUG=1} is on. */
  boolean flag(String name) {
    String value = env.get(name);
    return value != null && !value.isEmpty() && !value.equals("0") && !value.equals("false");
  }
}
