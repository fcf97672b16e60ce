package dev.coffer.keystore.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.format.v1.AuditLogRecord;
import dev.coffer.keystore.AuditTesting;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.KeystoreFixture;
import dev.coffer.keystore.audit.AuditHead;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a log checks the signatures of the digests after the head the keystore remembers, not of
 * those the head's hash already vouches for: every CLI command closes the log with a digest, and
 * checking them all made each open cost one Ed25519 verification per earlier command.
 */
class OpenSignatureChecksTest {
  private static final int SESSIONS = 25;

  @TempDir Path data;
  String publicKey;

  @BeforeEach
  void manySessions() {
    for (int i = 0; i < SESSIONS; i++) {
      try (Keystore ks = AuditTesting.builder(data, AuditTesting.logConfig(data)).open()) {
        ks.as(KeystoreFixture.ADMIN).listKeys();
        publicKey = ks.auditLog().orElseThrow().publicKeyPem();
      }
    }
  }

  private Path audit() {
    return data.resolve("audit");
  }

  private void recoverTail() throws Exception {
    new TailRecovery(DigestVerifier.fromExport(publicKey))
        .recover(SegmentFiles.list(audit()), Optional.of(head()));
  }

  private List<AuditLogRecord> records() throws Exception {
    List<AuditLogRecord> records = new ArrayList<>();
    for (LogFiles.Frame f : LogFiles.frames(audit())) {
      records.add(f.record());
    }
    return records;
  }

  private LogVerifier.Head head() throws Exception {
    AuditHead head = AuditTesting.rememberedHead(data.resolve("keystore")).orElseThrow();
    return LogVerifier.Head.of(head);
  }

  @Test
  void tailRecovery_checksNoSignatureTheRememberedHeadVouchesFor() throws Exception {
    DigestVerifier keys = DigestVerifier.fromExport(publicKey);

    new TailRecovery(keys).recover(SegmentFiles.list(audit()), Optional.of(head()));

    assertThat(keys.cachedSignatures()).isZero();
    DigestVerifier full = DigestVerifier.fromExport(publicKey);
    assertThat(
            new LogVerifier(full)
                .verify(SegmentFiles.list(audit()), Optional.of(head()), 0, Long.MAX_VALUE)
                .intact())
        .isTrue();
    assertThat(full.cachedSignatures())
        .as("a full verification still checks every digest")
        .isGreaterThanOrEqualTo(SESSIONS);
  }

  @Test
  void verifyingThatTheLogReachesAHead_checksOnlyTheSignaturesFromThatHeadOn() throws Exception {
    DigestVerifier keys = DigestVerifier.fromExport(publicKey);
    LogVerifier.Head head = head();

    boolean intact =
        new LogVerifier(keys)
            .trustingHead(head)
            .verify(SegmentFiles.list(audit()), Optional.of(head), head.sequence(), Long.MAX_VALUE)
            .intact();

    assertThat(intact).isTrue();
    assertThat(keys.cachedSignatures()).isEqualTo(1);
  }

  @Test
  void aDigestAfterTheRememberedHead_withAForeignSignature_isStillRefusedAtOpen() throws Exception {
    List<AuditLogRecord> records = records();
    AuditLogRecord lastDigest = records.get(records.size() - 1);
    assertThat(lastDigest.hasDigest()).isTrue();
    records.add(
        LogFiles.resignedWithAnotherKey(
            LogFiles.renumbered(lastDigest, lastDigest.getSequence() + 1)));
    LogFiles.rewrite(audit(), records);

    assertThatThrownBy(this::recoverTail)
        .isInstanceOf(TailRecovery.Refused.class)
        .hasMessageContaining("does not verify");
  }

  @Test
  void aHeadTheLogNoLongerHolds_isRefused_thoughTheSignaturesBeforeItAreNotChecked()
      throws Exception {
    List<AuditLogRecord> records = records();
    // A forger rewrites an early digest (a foreign signature) and re-chains everything after it:
    // every hash from there on changes, so the remembered head no longer matches.
    int early = 0;
    while (!records.get(++early).hasDigest()) {}
    records.set(early, LogFiles.resignedWithAnotherKey(records.get(early)));
    LogFiles.rewrite(audit(), records);

    assertThatThrownBy(this::recoverTail)
        .isInstanceOf(TailRecovery.Refused.class)
        .hasMessageContaining("is not the one the keystore remembers");
    LogVerifier.Head head = head();
    assertThat(
            new LogVerifier(DigestVerifier.fromExport(publicKey))
                .trustingHead(head)
                .verify(
                    SegmentFiles.list(audit()), Optional.of(head), head.sequence(), Long.MAX_VALUE)
                .intact())
        .isFalse();
  }
}
