package dev.coffer.cli;

import dev.coffer.engine.JobStatus;
import dev.coffer.engine.RotationService;
import dev.coffer.keystore.InvalidArgumentException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer rotate}: a new key version, and optionally a job moving stored keys to it. */
@Command(
    name = "rotate",
    description = {
      "Rotate a master key and, with --rewrap or --deep, move what the object store keeps under"
          + " its older versions to the new one.",
      "--rewrap re-wraps bucket keys and objects' data keys (ReEncrypt: no plaintext key leaves"
          + " the keystore, no object data is rewritten); --deep re-encrypts every object with a"
          + " fresh data key. Jobs are checkpointed and resume when the data directory is next"
          + " opened; follow one with `coffer jobs status JOB --wait`."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  coffer rotate alias/app --rewrap --wait",
      "  coffer rotate alias/app --deep",
      "  coffer jobs list"
    })
final class RotateCommand extends RotationServiceCommand {
  @Parameters(paramLabel = "KEY", description = KeyCommands.KEY)
  String key;

  @Option(names = "--rewrap", description = "Start a job re-wrapping keys under older versions.")
  boolean rewrap;

  @Option(names = "--deep", description = "Start a job re-encrypting every object of the key.")
  boolean deep;

  @Mixin JobWatch.WaitOption wait;

  @Override
  int run(RotationService rotation, Invocation invocation) throws InterruptedException {
    if (rewrap && deep) {
      throw new InvalidArgumentException("choose one of --rewrap and --deep");
    }
    if (wait.enabled && !rewrap && !deep) {
      throw new InvalidArgumentException("--wait needs a job: add --rewrap or --deep");
    }
    Optional<JobStatus> started = rotation.rotate(key, rewrap, deep);
    if (started.isEmpty()) {
      invocation
          .output()
          .result(
              new com.google.gson.JsonObject(),
              out ->
                  out.println(
                      "Rotated: new data keys are wrapped under the new version; existing ones"
                          + " still decrypt. Add --rewrap to move them."));
      return ExitCodes.OK;
    }
    JobStatus status = started.get();
    if (wait.enabled) {
      status = JobWatch.await(rotation, status.jobId(), invocation);
    }
    JobStatus last = status;
    invocation
        .output()
        .result(
            JobJson.job(last),
            out -> {
              if (wait.enabled) {
                JobJson.describe(last, out);
              } else {
                out.println("Rotated; job " + last.jobId() + " started (" + last.kind() + ").");
                out.println(
                    "It runs while the data directory is open; follow it with `coffer jobs status "
                        + last.jobId()
                        + " --wait`.");
              }
            });
    return wait.enabled ? JobWatch.exitCode(last) : ExitCodes.OK;
  }
}
