package dev.coffer.keystore.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.KeystoreFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogSmokeTest {
  @TempDir Path dir;

  @Test
  void smoke() {
    AuditLogConfig config = AuditLogConfig.builder(dir.resolve("audit")).build();
    try (KeystoreFixture fx =
        new KeystoreFixture(dir.resolve("keystore"), b -> b.auditLog(config))) {
      KeyService kms = fx.admin();
      KeyMetadata key = kms.createKey(CreateKeyRequest.defaults());
      for (int i = 0; i < 10; i++) {
        kms.generateDataKey(GenerateDataKeyRequest.of(key.keyId(), EncryptionContext.of("a", "b")))
            .close();
      }
      AuditLog log = fx.keystore().auditLog().orElseThrow();
      AuditPage page = log.query(AuditQuery.all());
      page.records().forEach(r -> System.out.println(r.toJson()));
      assertThat(page.records()).hasSize(11);
      System.out.println(log.verify().summary());
      assertThat(log.verify().intact()).isTrue();
      fx.reopen();
      log = fx.keystore().auditLog().orElseThrow();
      System.out.println(log.verify().summary());
      assertThat(log.verify().intact()).isTrue();
      System.out.println(log.publicKeyPem());
    }
  }

  @Test
  void close_onAnInterruptedThread_signsTheLog_andKeepsTheInterrupt() {
    AuditLogConfig config = AuditLogConfig.builder(dir.resolve("audit")).build();
    try (KeystoreFixture fx =
        new KeystoreFixture(dir.resolve("keystore"), b -> b.auditLog(config))) {
      fx.admin().createKey(CreateKeyRequest.defaults());
      Thread.currentThread().interrupt();
      try {
        fx.keystore().close();
      } finally {
        assertThat(Thread.interrupted()).isTrue();
      }
      fx.reopen();
      AuditLog log = fx.keystore().auditLog().orElseThrow();
      assertThat(log.verify().intact()).isTrue();
      assertThat(log.query(AuditQuery.all()).records())
          .anySatisfy(r -> assertThat(r.eventName()).isEqualTo("CreateKey"));
    }
  }
}
