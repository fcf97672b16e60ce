package dev.coffer.keystore.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.AuditTesting;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.KeystoreFixture;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An interrupted caller must not take the log down for everyone: a file channel closes itself when
 * the thread using it is interrupted, so the log's own file I/O is kept away from callers'
 * interrupts.
 */
class AuditInterruptTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "sync={0}")
  @ValueSource(booleans = {false, true})
  void operationsOnAnInterruptedThread_succeed_keepTheInterrupt_andLeaveTheLogWorking(
      boolean sync) {
    // Small segments: the interrupted calls also roll segments and preallocate and map new space.
    try (Keystore ks =
        AuditTesting.builder(dir, AuditTesting.logConfig(dir).sync(sync).segmentSize(16 << 10))
            .open()) {
      KeyService kms = ks.as(KeystoreFixture.ADMIN);
      String keyId = kms.createKey(CreateKeyRequest.defaults()).keyId();
      for (int i = 0; i < 200; i++) {
        Thread.currentThread().interrupt();
        try {
          kms.describeKey(keyId);
        } finally {
          assertThat(Thread.interrupted()).as("interrupt kept, call %d", i).isTrue();
        }
      }
      kms.describeKey(keyId);
      AuditLog log = ks.auditLog().orElseThrow();
      log.sign();
      VerificationReport report = log.verify();
      assertThat(report.intact()).as(report.summary()).isTrue();
      assertThat(report.events()).isEqualTo(202);
    }
  }

  @Test
  void keyChangesOnAnInterruptedThread_areStored() {
    String keyId;
    try (Keystore ks = AuditTesting.builder(dir, AuditTesting.logConfig(dir)).open()) {
      Thread.currentThread().interrupt();
      try {
        keyId = ks.as(KeystoreFixture.ADMIN).createKey(CreateKeyRequest.defaults()).keyId();
      } finally {
        assertThat(Thread.interrupted()).isTrue();
      }
    }
    try (Keystore ks = AuditTesting.builder(dir, AuditTesting.logConfig(dir)).open()) {
      assertThat(ks.as(KeystoreFixture.ADMIN).describeKey(keyId).keyId()).isEqualTo(keyId);
      assertThat(ks.auditLog().orElseThrow().verify().intact()).isTrue();
    }
  }

  @Test
  void callersInterruptedWhileTheySync_doNotCloseTheLog() throws Exception {
    try (Keystore ks =
        AuditTesting.builder(dir, AuditTesting.logConfig(dir).sync(true).segmentSize(64 << 10))
            .open()) {
      KeyService kms = ks.as(KeystoreFixture.ADMIN);
      String keyId = kms.createKey(CreateKeyRequest.defaults()).keyId();
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch started = new CountDownLatch(1);
      Thread caller =
          new Thread(
              () -> {
                started.countDown();
                while (!stop.get()) {
                  Thread.interrupted();
                  kms.describeKey(keyId);
                }
              });
      caller.start();
      started.await();
      for (int i = 0; i < 300; i++) {
        caller.interrupt();
        Thread.sleep(0, 200_000);
      }
      stop.set(true);
      caller.join();
      kms.describeKey(keyId);
      VerificationReport report = ks.auditLog().orElseThrow().verify();
      assertThat(report.intact()).as(report.summary()).isTrue();
    }
  }
}
