package dev.coffer.engine;

import dev.coffer.keystore.Caller;
import dev.coffer.keystore.KeyMetadata;
import java.time.Duration;
import java.util.List;

/**
 * Rotation of master keys across the object store, on behalf of one {@link Caller}: rotate and
 * rewrap (or deep re-encrypt), move a bucket to another key, watch and cancel the jobs, retire old
 * versions once nothing uses them, and see what a key's destruction would shred. Jobs run in the
 * background, survive restarts (they resume from their last checkpoint), and act with the
 * permissions of the principal that started them. Obtain one with {@link Coffer#rotation(Caller)}.
 */
public interface RotationService {
  /**
   * Rotates the master key (a new primary version) and, if asked, starts a job that moves what is
   * under older versions to it.
   *
   * @param rewrap start a REWRAP job (ReEncrypt of wrapped keys, no data rewritten)
   * @param deep start a DEEP job instead (every object re-encrypted with a fresh data key)
   * @return the job, if one was started
   */
  java.util.Optional<JobStatus> rotate(String keyId, boolean rewrap, boolean deep);

  /** Starts a REWRAP job for the key's current primary version, without rotating. */
  JobStatus rewrap(String keyId);

  /** Sets the bucket's default key to {@code keyId} and starts a job moving its objects there. */
  JobStatus changeBucketKey(String bucket, String keyId);

  /** Every job of the store, running or finished ({@code coffer:ListJobs}). */
  List<JobStatus> listJobs();

  /**
   * Where one job stands ({@code coffer:GetJob}).
   *
   * @throws dev.coffer.keystore.NotFoundException if there is no such job
   * @throws dev.coffer.keystore.InvalidArgumentException if {@code jobId} is not a job id
   */
  JobStatus job(String jobId);

  /**
   * Asks a running job to stop at its next item.
   *
   * @throws dev.coffer.keystore.InvalidStateException if the job has already finished (succeeded,
   *     failed or cancelled), naming its final state; the job is left as it is
   */
  JobStatus cancelJob(String jobId);

  /** The longest {@link #awaitJob} waits; a longer timeout is cut to it. */
  Duration MAX_WAIT = Duration.ofDays(10_000);

  /**
   * Waits until the job finishes or the timeout passes, and returns its status then; a zero timeout
   * answers at once, a very long one is capped at {@link #MAX_WAIT}. Authorized and audited once,
   * as {@link #job} ({@code coffer:GetJob}).
   *
   * @throws dev.coffer.keystore.InvalidArgumentException if the timeout is negative
   */
  JobStatus awaitJob(String jobId, Duration timeout) throws InterruptedException;

  /**
   * What uses the key, per version and bucket; with up to {@code maxNames} object names ({@code
   * coffer:GetKeyUsage}, besides DescribeKey on the key: the report names buckets and objects).
   */
  KeyUsage keyUsage(String keyId, int maxNames);

  /**
   * Retires versions below {@code minVersion} (they stop decrypting) and, if asked, destroys them.
   * Refused while any stored object or bucket key still uses one of them.
   */
  KeyMetadata retireVersions(String keyId, int minVersion, boolean destroy);

  /**
   * Schedules the key's deletion, recording in the audit log what its destruction will make
   * unreadable (the crypto-shredding counts).
   */
  KeyMetadata scheduleKeyDeletion(String keyId, int pendingWindowInDays);
}
