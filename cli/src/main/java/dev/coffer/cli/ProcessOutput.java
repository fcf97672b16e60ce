package dev.coffer.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The process's standard output. A PrintStream keeps only that a write failed; this one also keeps
 * why, so that a reader that went away (a closed pipe, as under {@code | head}) can be told from a
 * failure worth reporting, such as a full disk.
 */
final class ProcessOutput extends PrintStream {
  private final FailureRecorder recorder;

  ProcessOutput(OutputStream out) {
    this(new FailureRecorder(out));
  }

  private ProcessOutput(FailureRecorder recorder) {
    super(new BufferedOutputStream(recorder), false, StandardCharsets.UTF_8);
    this.recorder = recorder;
  }

  /**
   * What to throw once {@code out}'s error flag is set: a {@link ClosedPipeException} if its reader
   * went away, else an IOException that says why the write failed when that is known.
   */
  static IOException writeFailure(PrintStream out) {
    IOException cause = out instanceof ProcessOutput p ? p.recorder.failure : null;
    if (cause == null) {
      return new IOException("cannot write to standard output");
    }
    if (closedPipe(cause)) {
      return new ClosedPipeException(cause);
    }
    return new IOException("cannot write to standard output: " + cause.getMessage(), cause);
  }

  /** EPIPE as the JDK words it: "Broken pipe" on Linux and macOS, ERROR_NO_DATA on Windows. */
  private static boolean closedPipe(IOException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("Broken pipe") || message.contains("pipe is being closed");
  }

  /** Keeps the last exception of the stream below, which PrintStream would swallow. */
  private static final class FailureRecorder extends FilterOutputStream {
    private volatile IOException failure;

    FailureRecorder(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
  }
}
