package dev.coffer.cli;

import dev.coffer.engine.JobStatus;
import dev.coffer.engine.RotationService;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.NotFoundException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code coffer jobs}: the object store's rotation, rewrap and key-change jobs. */
@Command(
    name = "jobs",
    description = "List, follow and cancel rotation jobs (rewrap, deep re-encryption, key change).",
    subcommands = {JobCommands.ListJobs.class, JobCommands.Status.class, JobCommands.Cancel.class})
final class JobCommands extends CommandGroup {
  static final String JOB =
      "The job id (see `coffer jobs list`), or enough of its first digits to tell it apart.";

  /** A job id's length: 16 random bytes in hex. */
  private static final int ID_LENGTH = 32;

  /**
   * The job {@code given} names: a whole id as it is, or the one job whose id starts with the
   * digits given, as git takes a short commit id.
   */
  static String resolve(RotationService rotation, String given) {
    if (given.length() >= ID_LENGTH || !given.matches("[0-9a-fA-F]+")) {
      return given;
    }
    String prefix = given.toLowerCase(Locale.ROOT);
    List<String> matches =
        rotation.listJobs().stream()
            .map(JobStatus::jobId)
            .filter(id -> id.startsWith(prefix))
            .toList();
    if (matches.isEmpty()) {
      throw new NotFoundException("no job id starts with " + given + " (see `coffer jobs list`)");
    }
    if (matches.size() > 1) {
      throw new InvalidArgumentException(
          given
              + " is the start of "
              + matches.size()
              + " job ids ("
              + String.join(", ", matches.subList(0, Math.min(3, matches.size())))
              + (matches.size() > 3 ? ", …" : "")
              + "): give more digits");
    }
    return matches.get(0);
  }

  @Command(name = "list", description = "List the jobs, newest first.")
  static final class ListJobs extends RotationServiceCommand {
    @Override
    int run(RotationService rotation, Invocation invocation) {
      // The service lists them oldest first; the newest is the one a person usually looks for.
      List<JobStatus> jobs =
          rotation.listJobs().stream()
              .sorted(Comparator.comparing(JobStatus::created).reversed())
              .toList();
      com.google.gson.JsonObject document = new com.google.gson.JsonObject();
      document.add("jobs", JobJson.jobs(jobs));
      invocation
          .output()
          .result(
              document,
              out -> {
                if (jobs.isEmpty()) {
                  out.println("No jobs.");
                  return;
                }
                Table t = Table.plain().row("JOB", "KIND", "STATE", "PROGRESS", "KEY", "UPDATED");
                for (JobStatus j : jobs) {
                  t.row(
                      j.jobId(),
                      j.kind().name(),
                      j.state().name(),
                      String.format(
                          Locale.ROOT,
                          "%,d/%,d (%d%%)",
                          j.done() + j.skipped() + j.failed(),
                          j.total(),
                          Math.round(j.progress() * 100)),
                      j.keyArn() + " v" + j.targetVersion(),
                      KeyText.date(j.updated()));
                }
                t.print(out);
              });
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "status",
      description = "Show a job; with --wait, follow it to the end.",
      footerHeading = "%nExample:%n",
      footer = "  coffer jobs status 6f1c --wait")
  static final class Status extends RotationServiceCommand {
    @Parameters(paramLabel = "JOB", description = JOB)
    String jobId;

    @Mixin JobWatch.WaitOption wait;

    @Override
    int run(RotationService rotation, Invocation invocation) throws InterruptedException {
      String jobId = resolve(rotation, this.jobId);
      JobStatus status =
          wait.enabled ? JobWatch.await(rotation, jobId, invocation) : rotation.job(jobId);
      invocation.output().result(JobJson.job(status), out -> JobJson.describe(status, out));
      return wait.enabled ? JobWatch.exitCode(status) : ExitCodes.OK;
    }
  }

  @Command(
      name = "cancel",
      description = {
        "Stop a running job at its next object. What it moved stays moved; a new rewrap"
            + " finishes the rest.",
        "A job that has already finished (succeeded, failed or cancelled) cannot be cancelled:"
            + " that is refused with its final state and exit code 9, as KMS refuses to cancel"
            + " a deletion that is not pending."
      })
  static final class Cancel extends RotationServiceCommand {
    @Parameters(paramLabel = "JOB", description = JOB)
    String jobId;

    @Override
    int run(RotationService rotation, Invocation invocation) {
      String jobId = resolve(rotation, this.jobId);
      JobStatus status = rotation.cancelJob(jobId);
      invocation.output().result(JobJson.job(status), out -> JobJson.describe(status, out));
      return ExitCodes.OK;
    }
  }
}
