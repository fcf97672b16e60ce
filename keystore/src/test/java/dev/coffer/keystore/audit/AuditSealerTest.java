package dev.coffer.keystore.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.AuditTesting;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.KeystoreFixture;
import dev.coffer.keystore.internal.audit.LogHook;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sealer thread hashes records behind the appenders: whatever a caller reads after its call
 * returned includes its record, sealed, while appends, rolls and digests go on.
 */
class AuditSealerTest {
  @TempDir Path dir;

  @Test
  void readsDuringAppends_seeEveryReturnedCall_andTheChainStaysIntact() throws Exception {
    AuditLogConfig.Builder config =
        AuditTesting.logConfig(dir).segmentSize(16 << 10).digestEvery(50, Duration.ofMinutes(1));
    try (Keystore ks = AuditTesting.builder(dir, config).open()) {
      KeyService kms = ks.as(KeystoreFixture.ADMIN);
      String keyId = kms.createKey(CreateKeyRequest.defaults()).keyId();
      AuditLog log = ks.auditLog().orElseThrow();
      AtomicBoolean appending = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 400; i++) {
                    long before = log.head().sequence();
                    kms.describeKey(keyId);
                    AuditRecord newest =
                        log.query(AuditQuery.builder().newestFirst().limit(1).build())
                            .records()
                            .get(0);
                    assertThat(newest.sequence()).isGreaterThan(before);
                  }
                  return null;
                }));
      }
      Future<?> verifier =
          pool.submit(
              () -> {
                while (appending.get()) {
                  VerificationReport report = log.verify();
                  assertThat(report.intact()).as(report.summary()).isTrue();
                }
                return null;
              });
      for (Future<?> f : done) {
        f.get();
      }
      appending.set(false);
      verifier.get();
      pool.shutdown();
      VerificationReport report = log.verify();
      assertThat(report.intact()).as(report.summary()).isTrue();
      assertThat(report.events()).isEqualTo(1 + 3 * 400);
    }
  }

  /**
   * A crash while a roll creates the next segment must not leave the segment being left with an
   * unsealed tail: an open recovers unsealed records only at the end of the last segment. At that
   * step a copy of the log, which is what a kill then leaves, is whole. (Found by a crash-test
   * soak: a kill there left a log that refused to open.)
   */
  @Test
  void aRoll_sealsTheSegmentItLeaves_beforeCreatingTheNext() throws Exception {
    List<VerificationReport> atRolls = new CopyOnWriteArrayList<>();
    AtomicReference<String> pem = new AtomicReference<>();
    Keystore.Builder builder =
        AuditTesting.withHook(
            AuditTesting.builder(
                dir,
                AuditTesting.logConfig(dir)
                    .segmentSize(16 << 10)
                    .digestEvery(1000, Duration.ofMinutes(1))),
            step -> {
              if (step == LogHook.Step.CREATE_SEGMENT && pem.get() != null) {
                Path copy = dir.resolve("at-roll-" + atRolls.size());
                SampleLog.copyTree(dir.resolve("audit"), copy);
                atRolls.add(AuditLog.verifyCopy(copy, pem.get(), Optional.empty()));
              }
            });
    try (Keystore ks = builder.open()) {
      pem.set(ks.auditLog().orElseThrow().publicKeyPem());
      KeyService kms = ks.as(KeystoreFixture.ADMIN);
      String keyId = kms.createKey(CreateKeyRequest.defaults()).keyId();
      for (int i = 0; i < 600; i++) {
        kms.describeKey(keyId);
      }
    }
    assertThat(atRolls).hasSizeGreaterThan(5);
    assertThat(atRolls).allSatisfy(r -> assertThat(r.intact()).as(r.summary()).isTrue());
  }
}
