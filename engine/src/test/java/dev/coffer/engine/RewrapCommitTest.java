package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.AccessDecision;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CreateKeyRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rewrap re-encrypts a checkpoint's keys outside any lock and commits them later. A write that
 * lands in between must win: the job re-reads what changed and never puts back a record it read
 * before. The write is made deterministically, from inside the job's first ReEncrypt (through the
 * authorizer, which the keystore calls there), so it always falls between scan and commit.
 */
class RewrapCommitTest {
  @TempDir Path dir;

  @Test
  @Timeout(60)
  void rewrap_whenObjectsChangeBetweenScanAndCommit_keepsTheWritersVersions() throws Exception {
    AtomicBoolean armed = new AtomicBoolean(false);
    EngineFixture[] fixture = new EngineFixture[1];
    try (EngineFixture fx =
        new EngineFixture(
            dir,
            b ->
                b.keystore(
                    k ->
                        k.authorizer(
                            request -> {
                              if (request.action().equals("kms:ReEncryptFrom")
                                  && armed.compareAndSet(true, false)) {
                                overwriteAndDelete(fixture[0]);
                              }
                              return AccessDecision.allow("test allows all");
                            })))) {
      fixture[0] = fx;
      String key = fx.kms().createKey(CreateKeyRequest.defaults()).arn();
      fx.root().createBucket(CreateBucketRequest.of("bkt", new BucketEncryption(key, false)));
      for (int i = 0; i < 10; i++) {
        fx.root().putObject(PutObjectRequest.builder("bkt", "o" + i).build(), bytes("old " + i));
      }
      RotationService rotation = fx.coffer().rotation(Caller.of(fx.rootPrincipal()));
      armed.set(true);
      JobStatus job = rotation.rotate(key, true, false).orElseThrow();
      JobStatus done = rotation.awaitJob(job.jobId(), Duration.ofSeconds(30));

      assertThat(armed).isFalse();
      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(read(fx, "o3")).isEqualTo(bytes("new 3"));
      assertThat(fx.root().headObject("bkt", "o3").kmsKeyVersion()).isEqualTo(2);
      assertThat(fx.root().listObjects(ListObjectsRequest.builder("bkt").build()).contents())
          .extracting(ObjectSummary::key)
          .doesNotContain("o4")
          .hasSize(9);
      for (int i : new int[] {0, 1, 2, 5, 9}) {
        assertThat(read(fx, "o" + i)).isEqualTo(bytes("old " + i));
        assertThat(fx.root().headObject("bkt", "o" + i).kmsKeyVersion()).isEqualTo(2);
      }
      assertThat(EngineInspector.storedKeyCounts(fx.coffer()))
          .isEqualTo(EngineInspector.scannedKeyCounts(fx.coffer()));
    }
  }

  /** Runs on the job's thread, between its scan and its commit. */
  private static void overwriteAndDelete(EngineFixture fx) {
    fx.root().putObject(PutObjectRequest.builder("bkt", "o3").build(), bytes("new 3"));
    fx.root().deleteObject("bkt", "o4");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] read(EngineFixture fx, String key) throws IOException {
    try (ObjectContent c = fx.root().getObject(GetObjectRequest.of("bkt", key))) {
      return c.readAllBytes();
    }
  }
}
