package dev.coffer.cli;

import dev.coffer.engine.JobState;
import dev.coffer.engine.JobStatus;
import dev.coffer.engine.RotationService;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Waits for a job to finish, drawing a one-line progress bar (objects done, rate, ETA) on standard
 * error when a person is watching at a terminal; nothing into pipes, files or JSON consumers.
 */
final class JobWatch {
  // Each wait is one GetJob call, audited: a progress bar redraws once a second, and without
  // one the command waits a minute per call, so that a long job does not flood the audit log.
  private static final Duration REDRAW = Duration.ofSeconds(1);
  private static final Duration QUIET_WAIT = Duration.ofMinutes(1);

  private JobWatch() {}

  /** {@code --wait}, the same wherever a command can start or show a job. */
  static final class WaitOption {
    @Option(
        names = "--wait",
        description =
            "Wait for the job to finish (progress on a terminal); exit 12 unless it succeeds.")
    boolean enabled;
  }

  /** Blocks until the job leaves RUNNING, and returns its final status. */
  static JobStatus await(RotationService rotation, String jobId, Invocation invocation)
      throws InterruptedException {
    Host host = invocation.host();
    PrintStream bar = host.terminal() && !invocation.output().json() ? host.err() : null;
    int width = 0;
    JobStatus status = rotation.job(jobId);
    while (status.state() == JobState.RUNNING) {
      if (bar != null) {
        String line = line(status);
        bar.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        bar.flush();
        width = line.length();
      }
      status = rotation.awaitJob(jobId, bar != null ? REDRAW : QUIET_WAIT);
    }
    if (bar != null && width > 0) {
      bar.print("\r" + " ".repeat(width) + "\r");
      bar.flush();
    }
    return status;
  }

  /** {@code rewrap objects 1,200 / 10,000 (12%) 4,500/s ETA 2s}. */
  static String line(JobStatus s) {
    long processed = s.done() + s.skipped() + s.failed();
    StringBuilder line =
        new StringBuilder(s.kind().name().toLowerCase(Locale.ROOT))
            .append("  ")
            .append(s.phase())
            .append(' ')
            .append(String.format(Locale.ROOT, "%,d / %,d", processed, s.total()))
            .append(String.format(Locale.ROOT, " (%d%%)", Math.round(s.progress() * 100)))
            .append(String.format(Locale.ROOT, "  %,.0f/s", s.itemsPerSecond()));
    s.eta().ifPresent(eta -> line.append("  ETA ").append(duration(eta)));
    return line.toString();
  }

  static String duration(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + String.format(Locale.ROOT, "%02ds", seconds % 60);
    }
    return seconds / 3600 + "h" + String.format(Locale.ROOT, "%02dm", seconds % 3600 / 60);
  }

  /** The exit code for a job's final state: only a job that succeeded exits 0. */
  static int exitCode(JobStatus status) {
    return status.state() == JobState.SUCCEEDED ? ExitCodes.OK : ExitCodes.JOB_DID_NOT_SUCCEED;
  }
}
