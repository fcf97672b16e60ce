package dev.coffer.grpc.client;

import dev.coffer.api.v1.ChangeBucketKeyRequest;
import dev.coffer.api.v1.GetKeyUsageRequest;
import dev.coffer.api.v1.JobRequest;
import dev.coffer.api.v1.JobServiceGrpc;
import dev.coffer.api.v1.ListJobsRequest;
import dev.coffer.api.v1.RetireKeyVersionsRequest;
import dev.coffer.api.v1.RotateKeyRequest;
import dev.coffer.api.v1.RotateKeyResponse;
import dev.coffer.api.v1.ScheduleKeyDeletionRequest;
import dev.coffer.api.v1.StartRewrapRequest;
import dev.coffer.api.v1.WaitForJobRequest;
import dev.coffer.engine.JobStatus;
import dev.coffer.engine.KeyUsage;
import dev.coffer.engine.RotationService;
import dev.coffer.grpc.internal.JobCodec;
import dev.coffer.grpc.internal.KeyCodec;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.KeyMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The embedded {@link RotationService} interface, served by a sidecar. */
final class RemoteRotationService implements RotationService {
  private final CofferClient client;

  RemoteRotationService(CofferClient client) {
    this.client = client;
  }

  private JobServiceGrpc.JobServiceBlockingStub jobs() {
    return client.withDeadline(JobServiceGrpc.newBlockingStub(client.channel()));
  }

  @Override
  public Optional<JobStatus> rotate(String keyId, boolean rewrap, boolean deep) {
    RotateKeyResponse r =
        Calls.call(
            () ->
                jobs()
                    .rotateKey(
                        RotateKeyRequest.newBuilder()
                            .setKeyId(keyId)
                            .setRewrap(rewrap)
                            .setDeep(deep)
                            .build()));
    return r.hasJob() ? Optional.of(JobCodec.fromProto(r.getJob())) : Optional.empty();
  }

  @Override
  public JobStatus rewrap(String keyId) {
    return Calls.call(
        () ->
            JobCodec.fromProto(
                jobs()
                    .startRewrap(StartRewrapRequest.newBuilder().setKeyId(keyId).build())
                    .getJob()));
  }

  @Override
  public JobStatus changeBucketKey(String bucket, String keyId) {
    ChangeBucketKeyRequest r =
        ChangeBucketKeyRequest.newBuilder().setBucket(bucket).setKeyId(keyId).build();
    return Calls.call(() -> JobCodec.fromProto(jobs().changeBucketKey(r).getJob()));
  }

  @Override
  public List<JobStatus> listJobs() {
    return Calls.call(
        () ->
            jobs().listJobs(ListJobsRequest.getDefaultInstance()).getJobsList().stream()
                .map(JobCodec::fromProto)
                .toList());
  }

  @Override
  public JobStatus job(String jobId) {
    return Calls.call(() -> JobCodec.fromProto(jobs().getJob(jobRequest(jobId)).getJob()));
  }

  @Override
  public JobStatus cancelJob(String jobId) {
    return Calls.call(() -> JobCodec.fromProto(jobs().cancelJob(jobRequest(jobId)).getJob()));
  }

  private static JobRequest jobRequest(String jobId) {
    return JobRequest.newBuilder().setJobId(jobId).build();
  }

  /** Waits on the server, with a call deadline a little past the wait so the answer comes back. */
  @Override
  public JobStatus awaitJob(String jobId, Duration timeout) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    // As the embedded service: a negative wait is refused, none answers at once, and a huge one
    // is capped (it would overflow the call deadline and duration.proto's range).
    if (timeout.isNegative()) {
      throw new InvalidArgumentException("timeout must not be negative: " + timeout);
    }
    if (timeout.isZero()) {
      return job(jobId);
    }
    if (timeout.compareTo(RotationService.MAX_WAIT) > 0) {
      timeout = RotationService.MAX_WAIT;
    }
    WaitForJobRequest r =
        WaitForJobRequest.newBuilder()
            .setJobId(jobId)
            .setTimeout(
                com.google.protobuf.Duration.newBuilder()
                    .setSeconds(timeout.getSeconds())
                    .setNanos(timeout.getNano()))
            .build();
    long millis = timeout.toMillis() + client.callTimeout().toMillis();
    return Calls.call(
        () ->
            JobCodec.fromProto(
                JobServiceGrpc.newBlockingStub(client.channel())
                    .withDeadlineAfter(millis, TimeUnit.MILLISECONDS)
                    .waitForJob(r)
                    .getJob()));
  }

  @Override
  public KeyUsage keyUsage(String keyId, int maxNames) {
    GetKeyUsageRequest r =
        GetKeyUsageRequest.newBuilder().setKeyId(keyId).setMaxNames(maxNames).build();
    return Calls.call(() -> JobCodec.fromProto(jobs().getKeyUsage(r)));
  }

  @Override
  public KeyMetadata retireVersions(String keyId, int minVersion, boolean destroy) {
    RetireKeyVersionsRequest r =
        RetireKeyVersionsRequest.newBuilder()
            .setKeyId(keyId)
            .setMinVersion(minVersion)
            .setDestroy(destroy)
            .build();
    return Calls.call(() -> KeyCodec.fromProto(jobs().retireKeyVersions(r).getKeyMetadata()));
  }

  @Override
  public KeyMetadata scheduleKeyDeletion(String keyId, int pendingWindowInDays) {
    ScheduleKeyDeletionRequest r =
        ScheduleKeyDeletionRequest.newBuilder()
            .setKeyId(keyId)
            .setPendingWindowInDays(pendingWindowInDays)
            .build();
    return Calls.call(() -> KeyCodec.fromProto(jobs().scheduleKeyDeletion(r).getKeyMetadata()));
  }
}
