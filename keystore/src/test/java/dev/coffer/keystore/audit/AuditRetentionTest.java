package dev.coffer.keystore.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.AuditTesting;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.KeystoreFixture;
import dev.coffer.keystore.internal.audit.LogFiles;
import dev.coffer.keystore.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention removes whole expired segments from the front, only up to a signed digest; what remains
 * still verifies, saying where it starts, and the removal is itself recorded.
 */
class AuditRetentionTest {
  @TempDir Path dir;
  MutableClock clock = MutableClock.at("2026-05-01T00:00:00Z");

  private Keystore open() {
    return AuditTesting.builder(
            dir,
            AuditTesting.logConfig(dir)
                .segmentSize(AuditLogConfig.MIN_SEGMENT_SIZE)
                .retention(Duration.ofDays(30)))
        .clock(clock)
        .open();
  }

  private static void describe(KeyService kms, String keyId, int times) {
    for (int i = 0; i < times; i++) {
      kms.describeKey(keyId);
    }
  }

  @Test
  void expiredSegmentsGo_atADigest_andWhatRemainsVerifies() throws Exception {
    String pem;
    try (Keystore ks = open()) {
      AuditLog log = ks.auditLog().orElseThrow();
      pem = log.publicKeyPem();
      KeyService kms = ks.as(KeystoreFixture.ADMIN);
      String keyId = kms.createKey(CreateKeyRequest.defaults()).keyId();
      describe(kms, keyId, 120);
      int before = LogFiles.segments(dir.resolve("audit")).size();
      assertThat(before).isGreaterThan(3);
      assertThat(log.applyRetention()).as("nothing is old yet").isZero();

      clock.advance(Duration.ofDays(31));
      describe(kms, keyId, 60);
      log.applyRetention();
      // Rolls also run retention in the background, so count what every run removed; a background
      // run may still be recording its removal when this one finds nothing left to remove.
      List<AuditRecord> removals;
      int removed;
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      do {
        removals =
            log.query(AuditQuery.builder().eventName("RemoveExpiredSegments").build()).records();
        removed =
            removals.stream()
                .mapToInt(r -> Integer.parseInt(r.requestParameters().get("segmentsRemoved")))
                .sum();
        if (removed >= before - 1) {
          break;
        }
        Thread.sleep(50);
      } while (System.nanoTime() < deadline);
      assertThat(removed)
          .as("every segment filled before the clock moved")
          .isGreaterThanOrEqualTo(before - 1);
      assertThat(LogFiles.segments(dir.resolve("audit")).get(0).getFileName().toString())
          .isNotEqualTo("audit-00000000000000000001.log");

      VerificationReport report = log.verify();
      assertThat(report.intact()).as(report.summary()).isTrue();
      assertThat(report.firstSequence()).isGreaterThan(1);
      assertThat(report.startsAt()).contains("a signed digest").contains("removed by retention");
      AuditRecord recorded = removals.get(0);
      assertThat(recorded.eventSource()).isEqualTo("audit");
      assertThat(recorded.principal()).isEqualTo("coffer:audit");
      assertThat(recorded.requestParameters()).containsEntry("retention", "PT720H");
    }
    VerificationReport copy =
        AuditLog.verifyCopy(
            dir.resolve("audit"), pem, AuditTesting.rememberedHead(dir.resolve("keystore")));
    assertThat(copy.intact()).as(copy.summary()).isTrue();
    try (Keystore ks = open()) {
      assertThat(ks.auditLog().orElseThrow().verify().intact()).isTrue();
    }
  }

  @Test
  void withoutRetention_nothingIsRemoved() throws Exception {
    try (Keystore ks =
        AuditTesting.builder(dir, AuditTesting.logConfig(dir).segmentSize(16 << 10))
            .clock(clock)
            .open()) {
      KeyService kms = ks.as(KeystoreFixture.ADMIN);
      String keyId = kms.createKey(CreateKeyRequest.defaults()).keyId();
      describe(kms, keyId, 80);
      clock.advance(Duration.ofDays(3650));
      assertThat(ks.auditLog().orElseThrow().applyRetention()).isZero();
      assertThat(ks.auditLog().orElseThrow().verify().firstSequence()).isEqualTo(1);
      assertThat(Optional.of(ks.auditLog().orElseThrow().verify().startsAt()))
          .hasValueSatisfying(s -> assertThat(s).contains("beginning"));
    }
  }
}
