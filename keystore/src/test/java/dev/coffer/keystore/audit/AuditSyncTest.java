package dev.coffer.keystore.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.AuditTesting;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.KeystoreFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With sync on, concurrent appenders share fsyncs (group commit) and the log stays one chain. */
class AuditSyncTest {
  @TempDir Path dir;

  @Test
  void concurrentAppenders_withSync_allAcknowledged_oneIntactChain() throws Exception {
    try (Keystore ks =
        AuditTesting.builder(dir, AuditTesting.logConfig(dir).sync(true).segmentSize(64 << 10))
            .open()) {
      KeyService kms = ks.as(KeystoreFixture.ADMIN);
      String keyId = kms.createKey(CreateKeyRequest.defaults()).keyId();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 40; i++) {
                    kms.describeKey(keyId);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      VerificationReport report = ks.auditLog().orElseThrow().verify();
      assertThat(report.intact()).as(report.summary()).isTrue();
      assertThat(report.events()).isEqualTo(321);
    }
  }
}
