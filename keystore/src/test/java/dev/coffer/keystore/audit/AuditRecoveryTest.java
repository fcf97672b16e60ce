package dev.coffer.keystore.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.AuditTesting;
import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.KeystoreFixture;
import dev.coffer.keystore.KeystoreUnavailableException;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.internal.audit.LogFiles;
import dev.coffer.keystore.internal.audit.LogHook;
import dev.coffer.keystore.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovering a damaged log: the damaged directory is set aside byte for byte, the keystore opens on
 * a new log that continues the chain from the anchored head and verifies intact, and the new log's
 * first event says what happened; an intact log, a bad reason and an old keystore are refused with
 * nothing changed.
 */
class AuditRecoveryTest {
  static final Principal OPERATOR = Principal.of("arn:aws:iam::111122223333:user/ops");

  @TempDir static Path shared;
  static SampleLog sample;

  @TempDir Path work;
  Path data;
  MutableClock clock = MutableClock.at("2026-02-01T00:00:00Z");

  @BeforeAll
  static void writeSample() throws Exception {
    sample = SampleLog.create(shared.resolve("data"));
  }

  @BeforeEach
  void copySample() throws Exception {
    data = sample.copyTo(work.resolve("data"));
  }

  private Keystore.Builder builder() {
    return SampleLog.builder(data, clock);
  }

  private Path audit() {
    return data.resolve("audit");
  }

  private AuditRecovery recover(String reason) {
    return builder().recoverAuditLog(OPERATOR, reason);
  }

  /** Flips one bit inside the frame of record {@code sequence}. */
  private void flipABitOf(long sequence) throws IOException {
    LogFiles.Frame frame =
        LogFiles.frames(audit()).stream()
            .filter(f -> f.sequence() == sequence)
            .findFirst()
            .orElseThrow();
    byte[] bytes = Files.readAllBytes(frame.segment());
    bytes[frame.offset() + frame.length() / 2] ^= 0x10;
    Files.write(frame.segment(), bytes);
  }

  /** The keystore's builder with a log whose {@code step} fails as a disk would. */
  private Keystore.Builder failingAt(LogHook.Step failing, String message) {
    return AuditTesting.withHook(
        builder(),
        step -> {
          if (step == failing) {
            throw new IOException(message);
          }
        });
  }

  private void assertOpenRefused() {
    assertThatThrownBy(() -> builder().open()).isInstanceOf(AuditIntegrityException.class);
  }

  private static AuditRecord first(AuditLog log, String eventName) {
    return log.query(AuditQuery.builder().eventName(eventName).limit(2).build()).records().get(0);
  }

  @Test
  void recover_afterAnEditedRecord_setsTheLogAsideUnchanged_andTheKeystoreOpensOnAnIntactLog()
      throws Exception {
    long edited = sample.head.sequence() - 2;
    flipABitOf(edited);
    assertOpenRefused();
    Map<Path, String> damaged = SampleLog.fingerprints(audit());

    AuditRecovery recovery = recover("disk error on /dev/sdb, ticket OPS-1234");

    assertThat(recovery.problem().kind()).isEqualTo(VerificationReport.Kind.EDITED);
    assertThat(recovery.problem().sequence()).isEqualTo(edited);
    assertThat(recovery.setAside()).isPresent();
    Path aside = recovery.setAside().get();
    assertThat(aside.getFileName().toString()).isEqualTo("audit.damaged-20260201T000000Z");
    assertThat(SampleLog.fingerprints(aside))
        .as("the damaged log is kept byte for byte")
        .isEqualTo(damaged);
    assertThat(
            AuditLog.verifyCopy(aside, sample.publicKeyPem, Optional.of(sample.head))
                .problem()
                .orElseThrow()
                .sequence())
        .as("the copy still shows the damage to whoever examines it")
        .isEqualTo(edited);
    assertThat(recovery.continuesFrom()).isEqualTo(sample.head.sequence());
    assertThat(recovery.recoveryRecord()).isEqualTo(sample.head.sequence() + 2);

    try (Keystore ks = builder().open()) {
      AuditLog log = ks.auditLog().orElseThrow();
      VerificationReport report = log.verify();
      assertThat(report.intact()).as(report.summary()).isTrue();
      assertThat(report.firstSequence()).isEqualTo(sample.head.sequence() + 1);
      assertThat(report.startsAt())
          .contains("began this log anew")
          .contains("continuing from record " + sample.head.sequence());
      AuditRecord event = first(log, "RecoverAuditLog");
      assertThat(event.sequence()).isEqualTo(recovery.recoveryRecord());
      assertThat(event.principal()).isEqualTo(OPERATOR.name());
      assertThat(event.eventSource()).isEqualTo("audit");
      assertThat(event.requestParameters())
          .containsEntry("problem", "EDITED")
          .containsEntry("problemSequenceNumber", Long.toString(edited))
          .containsEntry("damagedLogSetAsideAt", aside.toString())
          .containsEntry("continuesFromSequenceNumber", Long.toString(sample.head.sequence()))
          .containsEntry("continuesFromHash", sample.head.hash())
          .containsEntry("reason", "disk error on /dev/sdb, ticket OPS-1234");
      // The keystore works, and its calls are recorded after the recovery.
      KeyService admin = ks.as(KeystoreFixture.ADMIN);
      admin.generateDataKey(GenerateDataKeyRequest.of(sample.keyId, SampleLog.CONTEXT)).close();
      assertThat(first(log, "GenerateDataKey").sequence()).isGreaterThan(recovery.recoveryRecord());
    }
    try (Keystore ks = builder().open()) {
      AuditLog log = ks.auditLog().orElseThrow();
      assertThat(log.verifyReaches(sample.head).intact())
          .as("a store that remembered the head recovery continued from still accepts the log")
          .isTrue();
      VerificationReport elsewhere =
          log.verifyReaches(new AuditHead(sample.head.sequence(), "00".repeat(32)));
      assertThat(elsewhere.problem().orElseThrow().detail())
          .contains("not from the hash remembered for it");
    }
    AuditHead head = AuditTesting.rememberedHead(data.resolve("keystore")).orElseThrow();
    VerificationReport outside =
        AuditLog.verifyCopy(audit(), sample.publicKeyPem, Optional.of(head));
    assertThat(outside.intact()).as("an auditor with the public key agrees").isTrue();
    assertThat(outside.startsAt()).contains("began this log anew");
  }

  @Test
  void recover_onAnIntactLog_isRefused_andChangesNothing() throws Exception {
    Map<Path, String> before = SampleLog.fingerprints(audit());
    long generation = AuditTesting.generationOnDisk(data.resolve("keystore"));

    assertThatThrownBy(() -> recover(""))
        .isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("nothing to recover");

    assertThat(SampleLog.fingerprints(audit())).isEqualTo(before);
    assertThat(AuditTesting.generationOnDisk(data.resolve("keystore"))).isEqualTo(generation);
    try (Stream<Path> siblings = Files.list(data)) {
      assertThat(siblings.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("audit", "keystore");
    }
  }

  @Test
  void recover_afterTheLogWasCutBack_continuesFromTheHeadTheKeystoreAnchored() throws Exception {
    List<LogFiles.Frame> frames = LogFiles.frames(audit());
    LogFiles.rewrite(
        audit(),
        frames.subList(0, frames.size() - 5).stream().map(LogFiles.Frame::record).toList());
    assertOpenRefused();

    AuditRecovery recovery = recover("");

    assertThat(recovery.problem().kind()).isEqualTo(VerificationReport.Kind.CUT_TAIL);
    try (Keystore ks = builder().open()) {
      AuditLog log = ks.auditLog().orElseThrow();
      assertThat(log.verify().intact()).isTrue();
      assertThat(log.verify().firstSequence()).isEqualTo(sample.head.sequence() + 1);
      assertThat(first(log, "RecoverAuditLog").requestParameters()).doesNotContainKey("reason");
    }
  }

  @Test
  void recover_whenTheLogDirectoryIsGone_beginsANewLogFromTheAnchoredHead() throws Exception {
    SampleLog.deleteTree(audit());
    assertOpenRefused();

    AuditRecovery recovery = recover("");

    assertThat(recovery.setAside()).isEmpty();
    try (Keystore ks = builder().open()) {
      AuditLog log = ks.auditLog().orElseThrow();
      assertThat(log.verify().intact()).isTrue();
      assertThat(first(log, "RecoverAuditLog").requestParameters())
          .containsEntry("damagedLogSetAsideAt", "(no directory)");
    }
  }

  @Test
  void recover_interruptedBeforeTheNewLogsFirstDigest_runsAgain() throws Exception {
    flipABitOf(3);
    AuditRecovery first = recover("");
    // As a crash right after the new segment was created would leave it: no digest in it yet.
    SampleLog.deleteTree(audit());
    Files.createDirectories(audit());
    LogFiles.createEmptySegment(audit(), first.continuesFrom() + 1);
    assertOpenRefused();

    AuditRecovery second = recover("");

    assertThat(second.setAside().orElseThrow().getFileName().toString())
        .isEqualTo("audit.damaged-20260201T000000Z-2");
    assertThat(second.continuesFrom()).isEqualTo(first.head().sequence());
    try (Keystore ks = builder().open()) {
      assertThat(ks.auditLog().orElseThrow().verify().intact()).isTrue();
    }
  }

  @Test
  void recover_whenTheNewSegmentCannotBeCreated_failsTyped_andASecondRunFinishesTheJob()
      throws Exception {
    flipABitOf(3);
    Map<Path, String> damaged = SampleLog.fingerprints(audit());
    Keystore.Builder failing = failingAt(LogHook.Step.CREATE_SEGMENT, "No space left on device");

    assertThatThrownBy(() -> failing.recoverAuditLog(OPERATOR, ""))
        .isInstanceOf(AuditUnavailableException.class)
        .hasMessageContaining("No space left on device");
    assertOpenRefused();

    AuditRecovery second = recover("");

    Path aside = data.resolve("audit.damaged-20260201T000000Z");
    assertThat(second.setAside())
        .as("where the first run set the damaged log aside")
        .hasValue(aside);
    assertThat(SampleLog.fingerprints(aside)).isEqualTo(damaged);
    try (Keystore ks = builder().open()) {
      assertThat(ks.auditLog().orElseThrow().verify().intact()).isTrue();
      assertThat(first(ks.auditLog().orElseThrow(), "RecoverAuditLog").requestParameters())
          .containsEntry("damagedLogSetAsideAt", aside.toString())
          .doesNotContainKey("interruptedRecoverySetAsideAt");
    }
    assertThat(audit().resolve("RECOVERING")).doesNotExist();
  }

  @Test
  void recover_interruptedWhileWritingTheNewLog_isFinishedByASecondRun_namingBothDirectories()
      throws Exception {
    flipABitOf(3);
    Map<Path, String> damaged = SampleLog.fingerprints(audit());
    Keystore.Builder failing = failingAt(LogHook.Step.WRITE, "Input/output error");
    assertThatThrownBy(() -> failing.recoverAuditLog(OPERATOR, ""))
        .isInstanceOf(AuditUnavailableException.class);
    assertThat(LogFiles.segments(audit())).as("the new log was begun").isNotEmpty();
    assertOpenRefused();

    AuditRecovery second = recover("");

    Path aside = data.resolve("audit.damaged-20260201T000000Z");
    Path attempt = data.resolve("audit.damaged-20260201T000000Z-2");
    assertThat(second.setAside()).hasValue(aside);
    assertThat(SampleLog.fingerprints(aside)).isEqualTo(damaged);
    assertThat(attempt).isDirectory();
    try (Keystore ks = builder().open()) {
      AuditLog log = ks.auditLog().orElseThrow();
      assertThat(log.verify().intact()).isTrue();
      assertThat(first(log, "RecoverAuditLog").requestParameters())
          .as("the problem is the damaged log's, not that of the attempt left in its place")
          .containsEntry("problemSequenceNumber", "3")
          .containsEntry("damagedLogSetAsideAt", aside.toString())
          .containsEntry("interruptedRecoverySetAsideAt", attempt.toString());
    }
  }

  @Test
  void aRecoveryStoppedBeforeItsEventWasDurable_isRefusedAtOpen_untilRunAgain() throws Exception {
    flipABitOf(3);
    AuditRecovery first = recover("");
    // As a crash right after the new log's event was written, before its marker was removed.
    Path aside = first.setAside().orElseThrow();
    Files.writeString(audit().resolve("RECOVERING"), aside + "\n");

    assertThatThrownBy(() -> builder().open())
        .isInstanceOf(AuditIntegrityException.class)
        .hasMessageContaining("was interrupted");

    AuditRecovery second = recover("");

    assertThat(second.setAside()).hasValue(aside);
    assertThat(second.problem().sequence()).isEqualTo(3);
    try (Keystore ks = builder().open()) {
      assertThat(ks.auditLog().orElseThrow().verify().intact()).isTrue();
      assertThat(first(ks.auditLog().orElseThrow(), "RecoverAuditLog").requestParameters())
          .containsEntry("interruptedRecoverySetAsideAt", aside + "-2");
    }
  }

  @Test
  void recover_afterDamageBeforeTheLastSegment_whichTheOpenDoesNotRead_setsTheLogAside()
      throws Exception {
    Path dir = work.resolve("segments");
    Keystore.Builder segmented =
        AuditTesting.builder(
                dir,
                AuditTesting.logConfig(dir)
                    .segmentSize(AuditLogConfig.MIN_SEGMENT_SIZE)
                    .digestEvery(10, Duration.ofHours(1)))
            .clock(clock);
    try (Keystore ks = segmented.open()) {
      KeyService admin = ks.as(KeystoreFixture.ADMIN);
      String key = admin.createKey(CreateKeyRequest.builder().build()).keyId();
      for (int i = 0; i < 120; i++) {
        admin.generateDataKey(GenerateDataKeyRequest.of(key, SampleLog.CONTEXT)).close();
      }
    }
    Path log = dir.resolve("audit");
    assertThat(LogFiles.segments(log)).hasSizeGreaterThan(2);
    LogFiles.Frame early = LogFiles.frames(log).get(5);
    byte[] bytes = Files.readAllBytes(early.segment());
    bytes[early.offset() + early.length() / 2] ^= 1;
    Files.write(early.segment(), bytes);
    try (Keystore ks = segmented.open()) {
      assertThat(ks.auditLog().orElseThrow().verify().intact()).isFalse();
    }

    AuditRecovery recovery = segmented.recoverAuditLog(OPERATOR, "");

    assertThat(recovery.problem().sequence()).isEqualTo(early.sequence());
    try (Keystore ks = segmented.open()) {
      VerificationReport report = ks.auditLog().orElseThrow().verify();
      assertThat(report.intact()).as(report.summary()).isTrue();
      assertThat(report.firstSequence()).isEqualTo(recovery.continuesFrom() + 1);
    }
  }

  @Test
  void recover_withAKeystoreOlderThanTheLog_isRefusedAsARollback() throws Exception {
    Path oldKeystore = work.resolve("old-keystore");
    SampleLog.copyTree(data.resolve("keystore"), oldKeystore);
    try (Keystore ks = builder().open()) {
      ks.as(KeystoreFixture.ADMIN).createKey(CreateKeyRequest.builder().build());
    }
    SampleLog.copyTree(oldKeystore, data.resolve("keystore"));
    Map<Path, String> before = SampleLog.fingerprints(audit());

    assertThatThrownBy(() -> recover(""))
        .isInstanceOf(KeystoreUnavailableException.class)
        .satisfies(
            e ->
                assertThat(((KeystoreUnavailableException) e).errorCode())
                    .isEqualTo(ErrorCode.ROLLBACK_DETECTED));
    assertThat(SampleLog.fingerprints(audit())).isEqualTo(before);
  }

  @Test
  void recover_withAReasonOnTwoLines_isRefusedBeforeAnythingChanges() throws Exception {
    flipABitOf(3);
    Map<Path, String> before = SampleLog.fingerprints(audit());

    assertThatThrownBy(() -> recover("first line\nsecond line"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> recover("x".repeat(1025)))
        .isInstanceOf(InvalidArgumentException.class);

    assertThat(SampleLog.fingerprints(audit())).isEqualTo(before);
  }

  @Test
  void recover_withoutAnAuditLogConfigured_isAnIllegalState() {
    assertThatThrownBy(
            () ->
                Keystore.builder(data.resolve("keystore")).recoverAuditLog(OPERATOR, "").toString())
        .isInstanceOf(IllegalStateException.class);
  }
}
