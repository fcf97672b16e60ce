package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.Caller;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.testing.GoldenDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation jobs stored by job record format 1, and buckets stored with a policy and tags, must read
 * forever: finished jobs keep what they report, and a job interrupted part-way resumes from its
 * stored cursor and completes (see {@link GoldenJobsWriter}).
 */
class GoldenJobsTest {
  private static final Principal ROOT = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);
  private static final Instant WRITTEN = Instant.parse("2026-11-24T12:00:00Z");

  @TempDir Path dir;
  Properties expected;

  @BeforeEach
  void copyGolden() throws Exception {
    expected = GoldenDirectory.copy("jobs-v1", dir);
  }

  @Test
  void finishedJobs_reportWhatTheyDid() throws Exception {
    try (Coffer coffer = Coffer.builder(dir).warmUpCrypto(false).open()) {
      Map<String, JobStatus> jobs = jobs(coffer);
      assertThat(jobs).hasSize(4);

      JobStatus finished = jobs.get(expected.getProperty("finished.jobId"));
      assertThat(finished.kind()).isEqualTo(JobKind.REWRAP);
      assertThat(finished.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(finished.keyArn()).isEqualTo(expected.getProperty("finished.keyArn"));
      assertThat(finished.targetVersion()).isEqualTo(2);
      assertThat(finished.principal()).isEqualTo(ROOT);
      assertThat(finished.bucket()).isEmpty();
      assertThat(new long[] {finished.total(), finished.done(), finished.skipped()})
          .containsExactly(3, 3, 0);
      assertThat(finished.failed()).isZero();
      assertThat(finished.created()).isEqualTo(WRITTEN);
      assertThat(finished.error()).isEmpty();

      JobStatus moving = jobs.get(expected.getProperty("moving.jobId"));
      assertThat(moving.kind()).isEqualTo(JobKind.CHANGE_KEY);
      assertThat(moving.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(moving.bucket()).contains("moving");
      assertThat(moving.keyArn()).isEqualTo(expected.getProperty("moving.destinationArn"));
      assertThat(moving.done()).isEqualTo(3);

      JobStatus cancelled = jobs.get(expected.getProperty("cancelled.jobId"));
      assertThat(cancelled.kind()).isEqualTo(JobKind.REWRAP);
      assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
      assertThat(cancelled.total()).isEqualTo(GoldenJobsWriter.MANY);
      assertThat(cancelled.done()).isLessThan(GoldenJobsWriter.MANY);
    }
  }

  @Test
  void interruptedJob_resumesFromItsCursor_andEveryObjectEndsUnderTheNewVersion() throws Exception {
    String id = expected.getProperty("interrupted.jobId");
    try (Coffer coffer = Coffer.builder(dir).warmUpCrypto(false).open()) {
      RotationService rotation = coffer.rotation(Caller.of(ROOT));
      JobStatus done = rotation.awaitJob(id, Duration.ofSeconds(60));
      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(done.total()).isEqualTo(GoldenJobsWriter.MANY);
      // Resumed from the cursor: the items before it were counted done when it was stored, and
      // none is met again (a restart from the beginning would find them moved and skip them).
      assertThat(done.done()).isEqualTo(GoldenJobsWriter.MANY);
      assertThat(done.skipped()).isZero();
      assertThat(done.failed()).isZero();
      ObjectStore s3 = coffer.as(ROOT);
      for (int i = 0; i < GoldenJobsWriter.MANY; i++) {
        String key = GoldenJobsWriter.objectKey(i);
        assertThat(s3.headObject("interrupted", key).kmsKeyVersion()).as(key).isEqualTo(2);
        try (ObjectContent c = s3.getObject(GetObjectRequest.of("interrupted", key))) {
          assertThat(c.readAllBytes()).isEqualTo(GoldenJobsWriter.contents("interrupted", i));
        }
      }
    }
  }

  @Test
  void objectsOfEveryBucket_readBack_underTheKeysTheJobsLeftThemWith() throws Exception {
    try (Coffer coffer = Coffer.builder(dir).warmUpCrypto(false).open()) {
      ObjectStore s3 = coffer.as(ROOT);
      Map<String, Optional<String>> keyOf =
          Map.of(
              "finished", Optional.of("finished.keyArn"),
              "moving", Optional.of("moving.destinationArn"),
              "cancelled", Optional.of("cancelled.keyArn"));
      for (var bucket : keyOf.entrySet()) {
        int n = bucket.getKey().equals("cancelled") ? GoldenJobsWriter.MANY : 3;
        for (int i = 0; i < n; i++) {
          String key = GoldenJobsWriter.objectKey(i);
          try (ObjectContent c = s3.getObject(GetObjectRequest.of(bucket.getKey(), key))) {
            assertThat(c.readAllBytes()).isEqualTo(GoldenJobsWriter.contents(bucket.getKey(), i));
            assertThat(c.info().kmsKeyArn())
                .isEqualTo(expected.getProperty(bucket.getValue().orElseThrow()));
          }
        }
      }
      assertThat(s3.headObject("finished", GoldenJobsWriter.objectKey(0)).kmsKeyVersion())
          .isEqualTo(2);
    }
  }

  @Test
  void bucketPolicyAndTags_readBackAsWritten() throws Exception {
    try (Coffer coffer = Coffer.builder(dir).warmUpCrypto(false).open()) {
      ObjectStore s3 = coffer.as(ROOT);
      assertThat(s3.getBucketPolicy("finished")).contains(GoldenJobsWriter.POLICY);
      assertThat(s3.getBucketTagging("finished")).isEqualTo(GoldenJobsWriter.TAGS);
      assertThat(s3.getBucketPolicy("moving")).isEmpty();
      assertThat(s3.getBucketEncryption("moving").kmsKeyId())
          .isEqualTo(expected.getProperty("moving.destinationArn"));
    }
  }

  private static Map<String, JobStatus> jobs(Coffer coffer) {
    return coffer.rotation(Caller.of(ROOT)).listJobs().stream()
        .collect(Collectors.toMap(JobStatus::jobId, Function.identity()));
  }
}
