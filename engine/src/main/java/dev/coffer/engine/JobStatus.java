package dev.coffer.engine;

import dev.coffer.keystore.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a job stands.
 *
 * @param phase {@code bucket-keys}, {@code objects} or {@code done}
 * @param total items the job found to consider when it started its current phase's scan
 * @param done items moved
 * @param skipped items that needed nothing (already moved, overwritten or deleted meanwhile)
 * @param failed items that could not be moved (see {@code error})
 * @param error why items failed or the job failed; for a RUNNING job, why it is stalled (storage,
 *     audit log or keystore unavailable: {@code stalled, retrying every 2 s: …}) until it moves on
 * @param itemsPerSecond average rate since the job started
 * @param eta estimated time to finish, while running
 */
public record JobStatus(
    String jobId,
    JobKind kind,
    JobState state,
    String phase,
    String keyArn,
    int targetVersion,
    Optional<String> bucket,
    Principal principal,
    long total,
    long done,
    long skipped,
    long failed,
    Instant created,
    Instant updated,
    Optional<String> error,
    double itemsPerSecond,
    Optional<Duration> eta) {
  public JobStatus {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(keyArn, "keyArn");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(eta, "eta");
  }

  /** Items processed so far, moved or skipped, as a fraction of the total (1 when done). */
  public double progress() {
    if (state == JobState.SUCCEEDED) {
      return 1;
    }
    return total == 0 ? 0 : Math.min(1, (double) (done + skipped + failed) / total);
  }
}
