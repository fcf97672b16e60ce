package dev.coffer.grpc;

import static dev.coffer.grpc.SidecarFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.JobKind;
import dev.coffer.engine.JobState;
import dev.coffer.engine.JobStatus;
import dev.coffer.engine.KeyUsage;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.engine.RotationService;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.VersionState;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JobService through the Java client: rotation, rewrap, key change, usage and retirement. */
class JobServiceTest {
  static final String BUCKET = "ledger";

  @TempDir Path dir;
  SidecarFixture fx;
  RotationService rotation;
  ObjectStore s3;
  KeyMetadata key;

  @BeforeEach
  void setUp() {
    fx = new SidecarFixture(dir);
    rotation = fx.client(ROOT).rotation();
    s3 = fx.client(ROOT).objects();
    key = fx.client(ROOT).keys().createKey(CreateKeyRequest.defaults());
    s3.createBucket(CreateBucketRequest.of(BUCKET, new BucketEncryption(key.arn(), false)));
    for (int i = 0; i < 5; i++) {
      s3.putObject(PutObjectRequest.builder(BUCKET, "o" + i).build(), new byte[] {(byte) i});
    }
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void rotateWithRewrap_movesEveryObjectToTheNewVersion_andTheJobIsVisible() throws Exception {
    JobStatus started = rotation.rotate(key.keyId(), true, false).orElseThrow();
    assertThat(started.kind()).isEqualTo(JobKind.REWRAP);
    assertThat(started.targetVersion()).isEqualTo(2);
    JobStatus finished = rotation.awaitJob(started.jobId(), Duration.ofSeconds(30));
    assertThat(finished.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(finished.progress()).isEqualTo(1.0);
    assertThat(rotation.job(started.jobId())).isEqualTo(finished);
    assertThat(rotation.listJobs()).extracting(JobStatus::jobId).contains(started.jobId());
    KeyUsage usage = rotation.keyUsage(key.keyId(), 10);
    assertThat(usage.objectsByVersion()).containsOnlyKeys(2);
    assertThat(usage.objects()).isEqualTo(5);
    assertThat(usage.objectNames()).hasSize(5);
  }

  @Test
  void rotateWithoutRewrap_startsNoJob() {
    assertThat(rotation.rotate(key.keyId(), false, false)).isEmpty();
    assertThat(fx.embeddedKms().describeKey(key.keyId()).primaryVersion()).isEqualTo(2);
  }

  @Test
  void rewrapAndDeepAndChangeKey_runToCompletion() throws Exception {
    fx.embeddedKms().rotateKeyOnDemand(key.keyId());
    JobStatus rewrap = rotation.rewrap(key.keyId());
    assertThat(rotation.awaitJob(rewrap.jobId(), Duration.ofSeconds(30)).state())
        .isEqualTo(JobState.SUCCEEDED);
    JobStatus deep = rotation.rotate(key.keyId(), false, true).orElseThrow();
    assertThat(deep.kind()).isEqualTo(JobKind.DEEP);
    assertThat(rotation.awaitJob(deep.jobId(), Duration.ofSeconds(30)).state())
        .isEqualTo(JobState.SUCCEEDED);
    KeyMetadata other = fx.embeddedKms().createKey(CreateKeyRequest.defaults());
    JobStatus change = rotation.changeBucketKey(BUCKET, other.keyId());
    assertThat(change.kind()).isEqualTo(JobKind.CHANGE_KEY);
    assertThat(change.bucket()).contains(BUCKET);
    assertThat(rotation.awaitJob(change.jobId(), Duration.ofSeconds(30)).state())
        .isEqualTo(JobState.SUCCEEDED);
    assertThat(s3.headObject(BUCKET, "o0").kmsKeyArn()).isEqualTo(other.arn());
  }

  @Test
  void cancelJob_ofAFinishedJob_isInvalidState_andLeavesIt_andAnUnknownJobIsNotFound()
      throws Exception {
    JobStatus job = rotation.rotate(key.keyId(), true, false).orElseThrow();
    rotation.awaitJob(job.jobId(), Duration.ofSeconds(30));
    assertThatThrownBy(() -> rotation.cancelJob(job.jobId()))
        .isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("has already finished (SUCCEEDED");
    assertThat(rotation.job(job.jobId()).state()).isEqualTo(JobState.SUCCEEDED);
    // Waits as the embedded service does: none, a huge one, and a negative one refused.
    assertThat(rotation.awaitJob(job.jobId(), Duration.ZERO).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(rotation.awaitJob(job.jobId(), Duration.ofSeconds(Long.MAX_VALUE)).state())
        .isEqualTo(JobState.SUCCEEDED);
    assertThatThrownBy(() -> rotation.awaitJob(job.jobId(), Duration.ofSeconds(-1)))
        .isInstanceOf(dev.coffer.keystore.InvalidArgumentException.class);
    assertThatThrownBy(() -> rotation.job("00112233445566778899aabbccddeeff"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void retireVersions_isRefusedWhileObjectsUseThem_andAllowedAfterRewrap() throws Exception {
    rotation.rotate(key.keyId(), false, false);
    assertThatThrownBy(() -> rotation.retireVersions(key.keyId(), 2, false))
        .isInstanceOf(InvalidStateException.class);
    JobStatus job = rotation.rewrap(key.keyId());
    rotation.awaitJob(job.jobId(), Duration.ofSeconds(30));
    KeyMetadata retired = rotation.retireVersions(key.keyId(), 2, true);
    assertThat(retired.version(1).orElseThrow().state()).isEqualTo(VersionState.DESTROYED);
  }

  @Test
  void scheduleKeyDeletion_throughTheRotationService_schedulesIt() {
    KeyMetadata pending = rotation.scheduleKeyDeletion(key.keyId(), 30);
    assertThat(pending.keyState()).isEqualTo(KeyState.PENDING_DELETION);
  }
}
