package dev.coffer.engine;

import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.format.v1.JobRecord;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.testing.MutableClock;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * Writes a golden data directory for the stored formats of rotation jobs (job record format 1) and
 * of buckets with a policy and tags. Run once per new format version, never over an existing one:
 *
 * <pre>
 * java -cp ... dev.coffer.engine.GoldenJobsWriter engine/src/test/resources/golden/jobs-v1
 * </pre>
 *
 * <p>It holds a finished rewrap, a finished change of a bucket's key, a cancelled rewrap and a
 * rewrap interrupted by the store's close part-way through (RUNNING, its cursor inside the
 * objects), which the next open resumes. Jobs run on their own thread, so the cancelled and
 * interrupted ones land where they land: the writer refuses to leave a directory whose jobs did not
 * end up in those states (run it again).
 */
public final class GoldenJobsWriter {
  static final String POLICY =
      """
      {"Version":"2012-10-17","Statement":[{"Sid":"DenyUnencryptedPuts","Effect":"Deny",\
      "Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::finished/*",\
      "Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}}]}""";

  static final Map<String, String> TAGS = Map.of("team", "golden", "format", "jobs-v1");

  /** Objects in each of the cancelled and interrupted buckets: several batches of the runner. */
  static final int MANY = 200;

  private GoldenJobsWriter() {}

  static byte[] contents(String bucket, int i) {
    return (bucket + " object " + i).getBytes(StandardCharsets.US_ASCII);
  }

  static String objectKey(int i) {
    return String.format("o/%04d", i);
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    if (Files.exists(dir)) {
      throw new IllegalStateException(dir + " exists: golden files are never rewritten");
    }
    Properties expected = new Properties();
    Principal root = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);
    String interruptedId;
    try (Coffer coffer =
        Coffer.builder(dir)
            .warmUpCrypto(false)
            .clock(MutableClock.at("2026-11-24T12:00:00Z"))
            .open()) {
      KeyService kms = coffer.keystore().as(root);
      ObjectStore s3 = coffer.as(root);
      RotationService rotation = coffer.rotation(Caller.of(root));
      String[] buckets = {"finished", "moving", "cancelled", "interrupted"};
      for (String bucket : buckets) {
        String key =
            kms.createKey(CreateKeyRequest.builder().description("golden " + bucket).build()).arn();
        expected.setProperty(bucket + ".keyArn", key);
        s3.createBucket(CreateBucketRequest.of(bucket, new BucketEncryption(key, false)));
        int n = bucket.equals("cancelled") || bucket.equals("interrupted") ? MANY : 3;
        for (int i = 0; i < n; i++) {
          s3.putObject(PutObjectRequest.builder(bucket, objectKey(i)).build(), contents(bucket, i));
        }
      }
      s3.putBucketPolicy("finished", POLICY);
      s3.putBucketTagging("finished", TAGS);

      JobStatus finished =
          rotation.rotate(expected.getProperty("finished.keyArn"), true, false).orElseThrow();
      expect(rotation.awaitJob(finished.jobId(), Duration.ofMinutes(1)), JobState.SUCCEEDED);
      expected.setProperty("finished.jobId", finished.jobId());

      String destination =
          kms.createKey(CreateKeyRequest.builder().description("golden destination").build()).arn();
      expected.setProperty("moving.destinationArn", destination);
      JobStatus moving = rotation.changeBucketKey("moving", destination);
      expect(rotation.awaitJob(moving.jobId(), Duration.ofMinutes(1)), JobState.SUCCEEDED);
      expected.setProperty("moving.jobId", moving.jobId());

      JobStatus cancelled =
          rotation.rotate(expected.getProperty("cancelled.keyArn"), true, false).orElseThrow();
      rotation.cancelJob(cancelled.jobId());
      expect(rotation.awaitJob(cancelled.jobId(), Duration.ofMinutes(1)), JobState.CANCELLED);
      expected.setProperty("cancelled.jobId", cancelled.jobId());

      interruptedId =
          rotation
              .rotate(expected.getProperty("interrupted.keyArn"), true, false)
              .orElseThrow()
              .jobId();
      expected.setProperty("interrupted.jobId", interruptedId);
    }
    checkInterrupted(dir, interruptedId);
    Files.deleteIfExists(dir.resolve("keystore/LOCK"));
    try (OutputStream out = Files.newOutputStream(dir.resolve("expected.properties"))) {
      expected.store(out, "facts about this golden data directory, checked by GoldenJobsTest");
    }
  }

  private static void expect(JobStatus status, JobState state) {
    if (status.state() != state) {
      throw new IllegalStateException(status + " is not " + state + ": run the writer again");
    }
  }

  /** The interrupted job must be stored RUNNING with a cursor inside its objects. */
  private static void checkInterrupted(Path dir, String jobId) throws Exception {
    try (EngineDb db = EngineDb.open(dir.resolve("db"), false)) {
      JobRecord job =
          JobRecord.parseFrom(db.get(EngineDb.Family.JOBS, HexFormat.of().parseHex(jobId)));
      if (job.getState() != dev.coffer.format.v1.JobState.JOB_STATE_RUNNING
          || job.getCursor().isEmpty()
          || job.getDone() >= job.getTotal()) {
        throw new IllegalStateException(
            "the interrupted job was stored as "
                + job.getState()
                + " with "
                + job.getDone()
                + " of "
                + job.getTotal()
                + " done: run the writer again");
      }
    }
  }
}
