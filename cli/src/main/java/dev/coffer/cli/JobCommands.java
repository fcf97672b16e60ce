package dev.coffer.cli;

import dev.coffer.engine.JobState;
import dev.coffer.engine.JobStatus;
import dev.coffer.engine.RotationService;
import dev.coffer.keystore.InvalidStateException;
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
      footer = "  coffer jobs status 6f1c… --wait")
  static final class Status extends RotationServiceCommand {
    @Parameters(paramLabel = "JOB", description = "The job id (see `coffer jobs list`).")
    String jobId;

    @Mixin JobWatch.WaitOption wait;

    @Override
    int run(RotationService rotation, Invocation invocation) throws InterruptedException {
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
    @Parameters(paramLabel = "JOB", description = "The job id (see `coffer jobs list`).")
    String jobId;

    @Override
    int run(RotationService rotation, Invocation invocation) {
      // The service leaves a finished job as it is and answers with it, which cannot tell a job
      // this call stopped from one that had stopped before: so look first.
      JobStatus before = rotation.job(jobId);
      if (before.state().finished()) {
        throw alreadyFinished(before);
      }
      JobStatus status = rotation.cancelJob(jobId);
      if (status.state() == JobState.SUCCEEDED || status.state() == JobState.FAILED) {
        // It ended between the two calls, before the cancellation could stop it.
        throw alreadyFinished(status);
      }
      invocation.output().result(JobJson.job(status), out -> JobJson.describe(status, out));
      return ExitCodes.OK;
    }

    private static InvalidStateException alreadyFinished(JobStatus job) {
      return new InvalidStateException(
          "job "
              + job.jobId()
              + " has already finished ("
              + job.state()
              + ", "
              + KeyText.date(job.updated())
              + "): there is nothing to cancel");
    }
  }
}
