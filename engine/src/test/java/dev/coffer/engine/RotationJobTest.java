package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.format.v1.BucketKeyRecord;
import dev.coffer.format.v1.ObjectRecord;
import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.VersionState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RotationJobTest {
  @TempDir Path dir;
  EngineFixture fx;
  ObjectStore s3;
  RotationService rotation;
  KeyMetadata key;

  @BeforeEach
  void setUp() {
    fx = new EngineFixture(dir);
    s3 = fx.root();
    rotation = fx.coffer().rotation(dev.coffer.keystore.Caller.of(fx.rootPrincipal()));
    key = fx.kms().createKey(CreateKeyRequest.defaults());
    s3.createBucket(CreateBucketRequest.of("direct", new BucketEncryption(key.arn(), false)));
    s3.createBucket(CreateBucketRequest.of("keyed", new BucketEncryption(key.arn(), true)));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private void putMany(String bucket, int n) {
    for (int i = 0; i < n; i++) {
      s3.putObject(PutObjectRequest.builder(bucket, "o" + i).build(), content(bucket, i));
    }
  }

  static byte[] content(String bucket, int i) {
    return ObjectRoundTripTest.random(
        i % 3 == 0 ? 2 * EngineFixture.SEGMENT + i : 50 + i, (bucket + i).hashCode());
  }

  private List<ObjectRecord> records() throws Exception {
    List<ObjectRecord> out = new ArrayList<>();
    for (String bucket : new String[] {"direct", "keyed"}) {
      for (ObjectSummary o :
          s3.listObjects(ListObjectsRequest.builder(bucket).build()).contents()) {
        out.add(
            ObjectRecord.parseFrom(
                EngineInspector.get(fx, "OBJECTS", EngineInspector.objectRow(bucket, o.key()))));
      }
    }
    return out;
  }

  /** The master-key version HeadObject reports: for a keyed object, its bucket key's. */
  private int currentVersion(ObjectRecord r) {
    return s3.headObject(r.getBucket(), r.getKey()).kmsKeyVersion();
  }

  private byte[] read(String bucket, String k) throws IOException {
    try (ObjectContent c = s3.getObject(GetObjectRequest.of(bucket, k))) {
      return c.readAllBytes();
    }
  }

  @Test
  void awaitJob_byPrincipalNotAllowedToReadJobs_isDeniedAndAudited() throws Exception {
    putMany("direct", 2);
    JobStatus job = rotation.rewrap(key.arn());
    // Finished first, so that its own events (RotationJobFinished) cannot land after the
    // stranger's and hide the record this test looks for.
    rotation.awaitJob(job.jobId(), Duration.ofSeconds(30));
    RotationService stranger =
        fx.coffer().rotation(Caller.of(Principal.of("arn:aws:iam::000000000000:role/Stranger")));

    assertThatThrownBy(() -> stranger.job(job.jobId())).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> stranger.awaitJob(job.jobId(), Duration.ofSeconds(5)))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("coffer:GetJob")
        .hasMessageContaining("identity layer: ")
        .hasMessageNotContaining("bucket layer");
    assertThat(fx.lastEngineEvent().eventName()).isEqualTo("GetJob");
    assertThat(fx.lastEngineEvent().outcome()).isEqualTo(AuditOutcome.DENIED);
    assertThatThrownBy(() -> rotation.awaitJob(job.jobId(), Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(rotation.awaitJob(job.jobId(), Duration.ofSeconds(Long.MAX_VALUE)).state())
        .as("a huge timeout waits for the end instead of overflowing")
        .isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  @Timeout(60)
  void rotateAndRewrap_movesEveryWrappedKeyToTheNewVersion_withoutRewritingData() throws Exception {
    putMany("direct", 30);
    putMany("keyed", 30);
    List<ObjectRecord> before = records();
    long callsBefore = fx.keystoreCalls();
    JobStatus job = rotation.rotate(key.keyId(), true, false).orElseThrow();
    assertThat(job.kind()).isEqualTo(JobKind.REWRAP);
    assertThat(job.targetVersion()).isEqualTo(2);
    assertThat(job.total())
        .as("30 direct objects and 1 bucket key; the keyed objects' records stay as they are")
        .isEqualTo(31);
    JobStatus done = rotation.awaitJob(job.jobId(), Duration.ofSeconds(30));
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.done()).isEqualTo(31);
    assertThat(fx.keystoreCalls() - callsBefore)
        .as(
            "a ReEncrypt per direct object and one for the bucket key, plus the rotation and describe")
        .isLessThanOrEqualTo(30 + 1 + 3);
    List<ObjectRecord> after = records();
    assertThat(after).allSatisfy(r -> assertThat(currentVersion(r)).isEqualTo(2));
    for (int i = 0; i < after.size(); i++) {
      ObjectRecord was = before.get(i);
      ObjectRecord is = after.get(i);
      assertThat(is.getVersionId()).as("no data rewritten").isEqualTo(was.getVersionId());
      if (is.hasBucketKey()) {
        assertThat(is).as("a keyed object's record not even touched").isEqualTo(was);
      }
    }
    byte[] bkId =
        after.stream()
            .filter(ObjectRecord::hasBucketKey)
            .findFirst()
            .orElseThrow()
            .getBucketKey()
            .getBucketKeyId()
            .toByteArray();
    assertThat(
            BucketKeyRecord.parseFrom(EngineInspector.get(fx, "BUCKET_KEYS", bkId))
                .getKmsKeyVersion())
        .isEqualTo(2);
    for (int i = 0; i < 30; i++) {
      assertThat(read("direct", "o" + i)).isEqualTo(content("direct", i));
      assertThat(read("keyed", "o" + i)).isEqualTo(content("keyed", i));
    }
  }

  @Test
  @Timeout(60)
  void rewrap_withOnlyBucketKeyObjects_skipsObjectScan() throws Exception {
    putMany("keyed", 20);
    // Objects directly under another key are not this rotation's business.
    KeyMetadata other = fx.kms().createKey(CreateKeyRequest.defaults());
    s3.putObject(
        PutObjectRequest.builder("direct", "elsewhere").kmsKeyId(other.arn()).build(),
        content("direct", 0));
    // A record nothing can parse: a job that read the object records would stop on it.
    EngineInspector.put(
        fx, "OBJECTS", EngineInspector.objectRow("keyed", "zz-damaged"), new byte[] {-1, 1, 2});
    JobStatus job = rotation.rotate(key.keyId(), true, false).orElseThrow();
    assertThat(job.total()).as("the bucket key alone").isEqualTo(1);
    JobStatus done = rotation.awaitJob(job.jobId(), Duration.ofSeconds(30));
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.done()).isEqualTo(1);
    for (int i = 0; i < 20; i++) {
      assertThat(s3.headObject("keyed", "o" + i).kmsKeyVersion()).isEqualTo(2);
      assertThat(read("keyed", "o" + i)).isEqualTo(content("keyed", i));
    }
  }

  @Test
  @Timeout(120)
  void rotateAndRewrap_underConcurrentWritersAndReaders_losesNothing() throws Exception {
    putMany("direct", 200);
    putMany("keyed", 200);
    AtomicBoolean running = new AtomicBoolean(true);
    ConcurrentHashMap<String, byte[]> latest = new ConcurrentHashMap<>();
    AtomicInteger failures = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      String bucket = t == 0 ? "direct" : "keyed";
      threads.add(
          new Thread(
              () -> {
                int i = 0;
                while (running.get()) {
                  String k = "new" + (i++ % 50);
                  byte[] data = ObjectRoundTripTest.random(40 + i % 200, i);
                  s3.putObject(PutObjectRequest.builder(bucket, k).build(), data);
                  latest.put(bucket + "/" + k, data);
                  s3.putObject(
                      PutObjectRequest.builder(bucket, "o" + (i % 200)).build(),
                      content(bucket, i % 200));
                }
              }));
      threads.add(
          new Thread(
              () -> {
                int i = 0;
                while (running.get()) {
                  try {
                    if (!java.util.Arrays.equals(
                        read(bucket, "o" + (i % 200)), content(bucket, i % 200))) {
                      failures.incrementAndGet();
                    }
                  } catch (IOException | RuntimeException e) {
                    failures.incrementAndGet();
                  }
                  i++;
                }
              }));
    }
    threads.forEach(Thread::start);
    JobStatus job = rotation.rotate(key.keyId(), true, false).orElseThrow();
    JobStatus done = rotation.awaitJob(job.jobId(), Duration.ofSeconds(90));
    running.set(false);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(failures.get()).as("reads that failed during the job").isZero();
    assertThat(records())
        .allSatisfy(r -> assertThat(currentVersion(r)).as(r.getKey()).isEqualTo(2));
    for (var e : latest.entrySet()) {
      String[] bk = e.getKey().split("/", 2);
      assertThat(read(bk[0], bk[1])).isEqualTo(e.getValue());
    }
  }

  @Test
  @Timeout(60)
  void deepRotation_reEncryptsEveryObjectWithAFreshDataKey() throws Exception {
    putMany("direct", 10);
    putMany("keyed", 10);
    List<ObjectRecord> before = records();
    JobStatus job = rotation.rotate(key.keyId(), false, true).orElseThrow();
    assertThat(rotation.awaitJob(job.jobId(), Duration.ofSeconds(30)).state())
        .isEqualTo(JobState.SUCCEEDED);
    List<ObjectRecord> after = records();
    for (int i = 0; i < after.size(); i++) {
      assertThat(after.get(i).getVersionId()).isNotEqualTo(before.get(i).getVersionId());
      assertThat(after.get(i).getKmsKeyVersion()).isEqualTo(2);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(read("keyed", "o" + i)).isEqualTo(content("keyed", i));
    }
  }

  @Test
  @Timeout(60)
  void changeBucketKey_movesTheBucketsObjectsToTheNewKey() throws Exception {
    putMany("direct", 5);
    putMany("keyed", 5);
    KeyMetadata other = fx.kms().createKey(CreateKeyRequest.defaults());
    JobStatus job = rotation.changeBucketKey("keyed", other.keyId());
    assertThat(rotation.awaitJob(job.jobId(), Duration.ofSeconds(30)).state())
        .isEqualTo(JobState.SUCCEEDED);
    assertThat(s3.getBucketEncryption("keyed").kmsKeyId()).isEqualTo(other.arn());
    for (int i = 0; i < 5; i++) {
      assertThat(s3.headObject("keyed", "o" + i).kmsKeyArn()).isEqualTo(other.arn());
      assertThat(s3.headObject("direct", "o" + i).kmsKeyArn()).isEqualTo(key.arn());
      assertThat(read("keyed", "o" + i)).isEqualTo(content("keyed", i));
    }
    assertThat(rotation.keyUsage(key.keyId(), 10).objectsByBucket()).containsOnlyKeys("direct");
  }

  @Test
  @Timeout(60)
  void retirement_isRefusedWhileObjectsUseAVersion_andWorksAfterRewrap() throws Exception {
    putMany("direct", 5);
    putMany("keyed", 5);
    fx.kms().rotateKeyOnDemand(key.keyId());
    assertThatThrownBy(() -> rotation.retireVersions(key.keyId(), 2, true))
        .isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("10 objects and 1 bucket keys still use versions");
    AuditEvent refused = fx.lastEngineEvent();
    assertThat(refused.eventName()).isEqualTo("RetireKeyVersions");
    assertThat(refused.outcome()).isEqualTo(AuditOutcome.ERROR);
    assertThat(refused.errorCode()).contains(ErrorCode.INVALID_STATE);
    assertThat(refused.keyArn()).contains(key.arn());
    assertThat(refused.requestParameters())
        .containsEntry("minDecryptionVersion", "2")
        .containsEntry("destroy", "true");
    JobStatus job = rotation.rewrap(key.keyId());
    rotation.awaitJob(job.jobId(), Duration.ofSeconds(30));
    KeyMetadata retired = rotation.retireVersions(key.keyId(), 2, true);
    assertThat(fx.lastEngineEvent().eventName()).isEqualTo("RetireKeyVersions");
    assertThat(fx.lastEngineEvent().outcome()).isEqualTo(AuditOutcome.ALLOWED);
    assertThat(retired.version(1).orElseThrow().state()).isEqualTo(VersionState.DESTROYED);
    for (int i = 0; i < 5; i++) {
      assertThat(read("direct", "o" + i)).isEqualTo(content("direct", i));
      assertThat(read("keyed", "o" + i)).isEqualTo(content("keyed", i));
    }
  }

  @Test
  void shredReport_countsWhatDestructionMakesUnreadable_andTheAuditRecordsIt() throws Exception {
    putMany("direct", 3);
    putMany("keyed", 4);
    assertThatThrownBy(() -> rotation.keyUsage(key.keyId(), -1))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> rotation.retireVersions(key.keyId(), 99, false))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("primary version 1");
    assertThat(fx.lastEngineEvent().eventName()).isEqualTo("RetireKeyVersions");
    assertThat(fx.lastEngineEvent().errorCode()).contains(ErrorCode.INVALID_ARGUMENT);
    KeyUsage usage = rotation.keyUsage(key.keyId(), 2);
    assertThat(usage.objects()).isEqualTo(7);
    assertThat(usage.objectsByBucket()).containsEntry("direct", 3L).containsEntry("keyed", 4L);
    assertThat(usage.bucketKeys()).isEqualTo(1);
    assertThat(usage.objectNames()).hasSize(2);
    KeyMetadata scheduled = rotation.scheduleKeyDeletion(key.keyId(), 7);
    assertThat(scheduled.keyState()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(fx.lastEngineEvent().eventName()).isEqualTo("CryptoShredScheduled");
    assertThat(fx.lastEngineEvent().requestParameters())
        .containsEntry("objects", "7")
        .containsEntry("buckets", "2");
    fx.clock.advance(Duration.ofDays(8));
    assertThatThrownBy(() -> read("direct", "o0"))
        .isInstanceOf(CofferException.class)
        .satisfies(
            e -> assertThat(((CofferException) e).errorCode()).isEqualTo(ErrorCode.KEY_DESTROYED));
  }

  @Test
  void keyUsage_needsGetKeyUsage_notJustTheKeysOwnPermissions() {
    putMany("direct", 2);
    Principal keyUser = Principal.of("arn:aws:iam::000000000000:role/KeyUser");
    fx.kms()
        .putPrincipalPolicy(
            keyUser,
            "KeyUser",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Action\":[\"kms:DescribeKey\",\"kms:ScheduleKeyDeletion\"],"
                + "\"Resource\":\"*\"}}");
    RotationService asKeyUser = fx.coffer().rotation(Caller.of(keyUser));

    assertThatThrownBy(() -> asKeyUser.keyUsage(key.keyId(), 10))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("coffer:GetKeyUsage");
    assertThat(fx.lastEngineEvent().eventName()).isEqualTo("GetKeyUsage");
    assertThat(fx.lastEngineEvent().outcome()).isEqualTo(AuditOutcome.DENIED);

    assertThat(rotation.keyUsage(key.keyId(), 10).objectNames()).hasSize(2);
    assertThat(fx.lastEngineEvent().eventName()).isEqualTo("GetKeyUsage");
    assertThat(fx.lastEngineEvent().outcome()).isEqualTo(AuditOutcome.ALLOWED);
    assertThat(fx.lastEngineEvent().keyArn()).contains(key.arn());

    // Scheduling the deletion needs only the keystore's permission; its report is recorded.
    KeyMetadata scheduled = asKeyUser.scheduleKeyDeletion(key.keyId(), 7);
    assertThat(scheduled.keyState()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(fx.lastEngineEvent().eventName()).isEqualTo("CryptoShredScheduled");
    assertThat(fx.lastEngineEvent().outcome()).isEqualTo(AuditOutcome.ALLOWED);
    assertThat(fx.lastEngineEvent().requestParameters()).containsEntry("objects", "2");
  }

  @Test
  void jobs_areListedAndCanBeCancelled() throws Exception {
    JobStatus job = rotation.rewrap(key.keyId());
    try {
      assertThat(rotation.cancelJob(job.jobId()).jobId()).isEqualTo(job.jobId());
    } catch (InvalidStateException e) {
      // It finished before the cancellation reached it.
      assertThat(e).hasMessageContaining("has already finished");
    }
    JobStatus finished = rotation.awaitJob(job.jobId(), Duration.ofSeconds(10));
    assertThat(finished.state()).isIn(JobState.CANCELLED, JobState.SUCCEEDED);
    assertThatThrownBy(() -> rotation.cancelJob(job.jobId()))
        .isInstanceOf(InvalidStateException.class);
    assertThat(rotation.listJobs()).extracting(JobStatus::jobId).contains(job.jobId());
    assertThatThrownBy(() -> rotation.job("00")).isInstanceOf(CofferException.class);
  }
}
