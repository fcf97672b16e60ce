package dev.coffer.grpc.internal;

import dev.coffer.api.v1.ChangeBucketKeyRequest;
import dev.coffer.api.v1.GetKeyUsageRequest;
import dev.coffer.api.v1.JobRequest;
import dev.coffer.api.v1.JobResponse;
import dev.coffer.api.v1.JobServiceGrpc;
import dev.coffer.api.v1.KeyMetadataResponse;
import dev.coffer.api.v1.KeyUsage;
import dev.coffer.api.v1.ListJobsRequest;
import dev.coffer.api.v1.ListJobsResponse;
import dev.coffer.api.v1.RetireKeyVersionsRequest;
import dev.coffer.api.v1.RotateKeyRequest;
import dev.coffer.api.v1.RotateKeyResponse;
import dev.coffer.api.v1.ScheduleKeyDeletionRequest;
import dev.coffer.api.v1.StartRewrapRequest;
import dev.coffer.api.v1.WaitForJobRequest;
import dev.coffer.engine.Coffer;
import dev.coffer.engine.JobStatus;
import dev.coffer.engine.RotationService;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** JobService: the engine's rotation service as the authenticated caller. */
public final class JobServiceImpl extends JobServiceGrpc.JobServiceImplBase {
  /** How long WaitForJob waits when neither the request nor the call sets a limit. */
  static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

  private final Coffer coffer;
  private final RequestConverter requests;

  public JobServiceImpl(Coffer coffer) {
    this.coffer = coffer;
    this.requests = RequestConverter.recordingTo(coffer);
  }

  private RotationService rotation() {
    return coffer.rotation(Callers.current());
  }

  private static JobResponse job(JobStatus s) {
    return JobResponse.newBuilder().setJob(JobCodec.toProto(s)).build();
  }

  @Override
  public void rotateKey(RotateKeyRequest r, StreamObserver<RotateKeyResponse> out) {
    Unary.answer(
        out,
        () -> {
          RotateKeyResponse.Builder b = RotateKeyResponse.newBuilder();
          rotation()
              .rotate(r.getKeyId(), r.getRewrap(), r.getDeep())
              .ifPresent(s -> b.setJob(JobCodec.toProto(s)));
          return b.build();
        });
  }

  @Override
  public void startRewrap(StartRewrapRequest r, StreamObserver<JobResponse> out) {
    Unary.answer(out, () -> job(rotation().rewrap(r.getKeyId())));
  }

  @Override
  public void changeBucketKey(ChangeBucketKeyRequest r, StreamObserver<JobResponse> out) {
    Unary.answer(out, () -> job(rotation().changeBucketKey(r.getBucket(), r.getKeyId())));
  }

  @Override
  public void listJobs(ListJobsRequest r, StreamObserver<ListJobsResponse> out) {
    Unary.answer(
        out,
        () -> {
          ListJobsResponse.Builder b = ListJobsResponse.newBuilder();
          rotation().listJobs().forEach(s -> b.addJobs(JobCodec.toProto(s)));
          return b.build();
        });
  }

  @Override
  public void getJob(JobRequest r, StreamObserver<JobResponse> out) {
    Unary.answer(out, () -> job(rotation().job(r.getJobId())));
  }

  @Override
  public void cancelJob(JobRequest r, StreamObserver<JobResponse> out) {
    Unary.answer(out, () -> job(rotation().cancelJob(r.getJobId())));
  }

  @Override
  public void waitForJob(WaitForJobRequest r, StreamObserver<JobResponse> out) {
    Deadline deadline = Context.current().getDeadline();
    Unary.answer(
        out,
        () -> {
          // In the body: a malformed timeout is the caller's INVALID_ARGUMENT, not an internal
          // error.
          Duration wait = requests.waitForJob(r);
          if (wait.isZero() || wait.isNegative()) {
            wait = DEFAULT_WAIT;
          }
          // Answer a little before the call's deadline, so the client gets the status, not a
          // timeout.
          if (deadline != null) {
            Duration left =
                Duration.ofMillis(deadline.timeRemaining(TimeUnit.MILLISECONDS) * 9 / 10);
            if (left.compareTo(wait) < 0) {
              wait = left;
            }
          }
          try {
            return job(rotation().awaitJob(r.getJobId(), wait));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
          }
        });
  }

  @Override
  public void getKeyUsage(GetKeyUsageRequest r, StreamObserver<KeyUsage> out) {
    Unary.answer(out, () -> JobCodec.toProto(rotation().keyUsage(r.getKeyId(), r.getMaxNames())));
  }

  @Override
  public void retireKeyVersions(
      RetireKeyVersionsRequest r, StreamObserver<KeyMetadataResponse> out) {
    Unary.answer(
        out,
        () ->
            KeyMetadataResponse.newBuilder()
                .setKeyMetadata(
                    KeyCodec.toProto(
                        rotation().retireVersions(r.getKeyId(), r.getMinVersion(), r.getDestroy())))
                .build());
  }

  @Override
  public void scheduleKeyDeletion(
      ScheduleKeyDeletionRequest r, StreamObserver<KeyMetadataResponse> out) {
    Unary.answer(
        out,
        () ->
            KeyMetadataResponse.newBuilder()
                .setKeyMetadata(
                    KeyCodec.toProto(
                        rotation().scheduleKeyDeletion(r.getKeyId(), r.getPendingWindowInDays())))
                .build());
  }
}
