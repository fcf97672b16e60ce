package dev.coffer.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of the {@code coffer} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // UTF-8 whatever the locale: JSON is UTF-8, and the demo prints ✓ and ✗.
    PrintStream out = new ProcessOutput(new FileOutputStream(FileDescriptor.out));
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    // A console exists only when both standard input and output are terminals: progress bars
    // then go to standard error, and never into pipes.
    Host host = new Host(out, err, System.in, System.getenv(), System.console() != null);
    int code = execute(args, host);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line in-process with the process environment; returns the exit code. */
  public static int execute(String[] args, PrintStream out, PrintStream err, InputStream in) {
    return execute(args, out, err, in, System.getenv());
  }

  /** Runs one command line in-process; returns the exit code (see {@code coffer --help}). */
  public static int execute(
      String[] args, PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
    return execute(args, new Host(out, err, in, env));
  }

  /** Runs one command line in-process on {@code host}, test seams included. */
  static int execute(String[] args, Host host) {
    PrintStream out = host.out();
    PrintStream err = host.err();
    CofferCommand root = new CofferCommand(host);
    CommandLine commandLine = CofferCommand.commandLine(root, args);
    HelpLayout.apply(commandLine);
    commandLine.setOut(writer(out));
    commandLine.setErr(writer(err));
    ErrorReporter errors =
        new ErrorReporter(
            host,
            () -> root.options != null && root.options.json,
            () ->
                host.flag(Invocation.DEBUG_ENV)
                    || (root.options != null && root.options.debug)
                    || List.of(args).contains("--debug"),
            () -> root.options != null && root.options.plaintext);
    commandLine.setExecutionExceptionHandler(errors);
    commandLine.setParameterExceptionHandler(errors);
    int code = commandLine.execute(args);
    out.flush();
    if (code == ExitCodes.OK && out.checkError()) {
      // Only get checks its output as it goes; every other command's output may still have been
      // lost (a full disk, a reader gone): say so rather than succeed.
      code = errors.handleExecutionException(ProcessOutput.writeFailure(out), commandLine, null);
    }
    err.flush();
    return code;
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }
}
