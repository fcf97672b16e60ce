package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.engine.internal.store.KeyCounts;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.testing.GoldenDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data directories written by every object record format must open and read forever: store-v1 keeps
 * every object's data in chunks rows, store-v2 keeps its empty and small objects' data in their
 * records (format version 2).
 */
class GoldenStoreTest {
  private static final Principal ROOT = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void goldenStore_opensAndEveryObjectReadsBack(String format) throws Exception {
    Properties expected = copyGoldenStore(format);
    try (Coffer coffer = Coffer.builder(dir).warmUpCrypto(false).open()) {
      checkEveryObject(coffer, expected.getProperty("keyArn"), format);
      // Written before managed keys had their own policy: the first open gives it to them.
      assertThat(coffer.keystore().as(ROOT).getKeyPolicy("alias/coffer/engine-metadata"))
          .contains("Managed by Coffer");
      for (String bucket : new String[] {"direct", "keyed"}) {
        for (String name : new String[] {"empty", "small", "large"}) {
          int recordVersion = format.equals("v2") && !name.equals("large") ? 2 : 1;
          assertThat(
                  EngineInspector.objectRecord(coffer, bucket, "golden/" + name).getFormatVersion())
              .as(bucket + "/" + name)
              .isEqualTo(recordVersion);
        }
      }
    }
  }

  /**
   * The v1 golden store predates the counts of directly wrapped objects: its first open builds
   * them. A rotation with rewrap then moves the three direct objects and the bucket key of either
   * store (rewrapping rewrites the records of the direct ones, inline data and all).
   */
  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void goldenStore_rotatesWithRewrap_andKeepsKeyCounts(String format) throws Exception {
    String keyArn = copyGoldenStore(format).getProperty("keyArn");
    try (Coffer coffer = Coffer.builder(dir).warmUpCrypto(false).open()) {
      assertThat(EngineInspector.storedKeyCounts(coffer))
          .isEqualTo(Map.of(new KeyCounts.Slot(keyArn, 1), 3L));
      RotationService rotation = coffer.rotation(Caller.of(ROOT));
      JobStatus job = rotation.rotate(keyArn, true, false).orElseThrow();
      assertThat(job.total()).as("three direct objects and one bucket key").isEqualTo(4);
      JobStatus done = rotation.awaitJob(job.jobId(), Duration.ofSeconds(30));
      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(done.done()).isEqualTo(4);
      assertThat(EngineInspector.storedKeyCounts(coffer))
          .isEqualTo(Map.of(new KeyCounts.Slot(keyArn, 2), 3L))
          .isEqualTo(EngineInspector.scannedKeyCounts(coffer));
    }
    try (Coffer coffer = Coffer.builder(dir).warmUpCrypto(false).open()) {
      assertThat(EngineInspector.storedKeyCounts(coffer))
          .as("kept, not rebuilt, on the next open")
          .isEqualTo(Map.of(new KeyCounts.Slot(keyArn, 2), 3L));
      checkEveryObject(coffer, keyArn, format);
      ObjectStore s3 = coffer.as(ROOT);
      for (String bucket : new String[] {"direct", "keyed"}) {
        assertThat(s3.headObject(bucket, "golden/small").kmsKeyVersion()).isEqualTo(2);
      }
    }
  }

  private Properties copyGoldenStore(String format) throws Exception {
    return GoldenDirectory.copy("store-" + format, dir);
  }

  private static void checkEveryObject(Coffer coffer, String keyArn, String format)
      throws Exception {
    ObjectStore s3 = coffer.as(ROOT);
    for (String bucket : new String[] {"direct", "keyed"}) {
      for (String name : new String[] {"empty", "small", "large"}) {
        try (ObjectContent c =
            s3.getObject(
                GetObjectRequest.of(bucket, "golden/" + name)
                    .expectingContext(EncryptionContext.of("tenant", "golden")))) {
          assertThat(c.readAllBytes())
              .as(bucket + "/" + name)
              .isEqualTo(GoldenStoreWriter.contents(name));
          assertThat(c.info().contentType()).isEqualTo("application/x-golden");
          assertThat(c.info().userMetadata()).containsEntry("format", format);
          assertThat(c.info().kmsKeyArn()).isEqualTo(keyArn);
          assertThat(c.info().bucketKeyEnabled()).isEqualTo(bucket.equals("keyed"));
        }
      }
    }
  }
}
