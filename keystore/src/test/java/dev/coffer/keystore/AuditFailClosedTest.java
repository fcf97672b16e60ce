package dev.coffer.keystore;

import static dev.coffer.keystore.KeystoreFixture.ADMIN;
import static dev.coffer.keystore.KeystoreFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.audit.AuditHead;
import dev.coffer.keystore.audit.AuditLog;
import dev.coffer.keystore.audit.AuditLogConfig;
import dev.coffer.keystore.audit.AuditQuery;
import dev.coffer.keystore.audit.AuditRecord;
import dev.coffer.keystore.internal.audit.LogHook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log fails closed: when it cannot take a record, keystore operations fail with the audit error
 * and change nothing, neither the keystore (its generation) nor the log (its head).
 */
class AuditFailClosedTest {
  private static final EncryptionContext CONTEXT = EncryptionContext.of("case", "fail-closed");

  @TempDir Path dir;
  private final AtomicReference<Set<LogHook.Step>> failing = new AtomicReference<>(Set.of());

  private Keystore.Builder builder(long segmentSize) {
    Keystore.Builder b =
        Keystore.builder(dir.resolve("keystore"))
            .auditLog(
                AuditLogConfig.builder(dir.resolve("audit")).segmentSize(segmentSize).build());
    return AuditTesting.withHook(
        b,
        step -> {
          if (failing.get().contains(step)) {
            throw new IOException("injected: no space left on device (" + step + ")");
          }
        });
  }

  /** Every kind of call: changes, reads, and cryptography that returns plaintext. */
  private static List<Map.Entry<String, Consumer<KeyService>>> operations(
      String keyId, Ciphertext ciphertext) {
    return List.of(
        Map.entry("CreateKey", k -> k.createKey(CreateKeyRequest.defaults())),
        Map.entry("CreateAlias", k -> k.createAlias("alias/refused", keyId)),
        Map.entry("DisableKey", k -> k.disableKey(keyId)),
        Map.entry("RotateKeyOnDemand", k -> k.rotateKeyOnDemand(keyId)),
        Map.entry("EnableKeyRotation", k -> k.enableKeyRotation(keyId, 180)),
        Map.entry("ScheduleKeyDeletion", k -> k.scheduleKeyDeletion(keyId, 7)),
        Map.entry(
            "PutPrincipalPolicy",
            k ->
                k.putPrincipalPolicy(
                    ALICE,
                    "p",
                    "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                        + "\"Action\":\"kms:*\",\"Resource\":\"*\"}}")),
        Map.entry("PutKeyPolicy", k -> k.putKeyPolicy(keyId, k.getKeyPolicy(keyId), false)),
        Map.entry("DescribeKey", k -> k.describeKey(keyId)),
        Map.entry("ListKeys", KeyService::listKeys),
        Map.entry(
            "GenerateDataKey",
            k -> k.generateDataKey(GenerateDataKeyRequest.of(keyId, CONTEXT)).close()),
        Map.entry("Encrypt", k -> k.encrypt(EncryptRequest.of(keyId, new byte[] {1}, CONTEXT))),
        Map.entry("Decrypt", k -> k.decrypt(DecryptRequest.of(ciphertext, CONTEXT)).close()));
  }

  private static void assertRefusedAndUnchanged(
      Keystore ks, AuditLog log, String keyId, Ciphertext ciphertext) {
    long generation = ks.generation();
    AuditHead head = log.head();
    for (Map.Entry<String, Consumer<KeyService>> op : operations(keyId, ciphertext)) {
      assertThatThrownBy(() -> op.getValue().accept(ks.as(ADMIN)))
          .as(op.getKey())
          .isInstanceOf(AuditUnavailableException.class)
          .satisfies(
              e ->
                  assertThat(((CofferException) e).errorCode())
                      .isEqualTo(ErrorCode.AUDIT_UNAVAILABLE));
      assertThat(ks.generation()).as(op.getKey() + " changed the keystore").isEqualTo(generation);
      assertNothingAllowedSince(log, head);
    }
  }

  private static final Set<String> READS =
      Set.of("DescribeKey", "ListKeys", "GenerateDataKey", "Encrypt", "Decrypt");

  private static void assertChangesRefused(
      Keystore ks, AuditLog log, String keyId, Ciphertext ciphertext) {
    long generation = ks.generation();
    for (Map.Entry<String, Consumer<KeyService>> op : operations(keyId, ciphertext)) {
      if (READS.contains(op.getKey())) {
        continue;
      }
      AuditHead head = log.head();
      assertThatThrownBy(() -> op.getValue().accept(ks.as(ADMIN)))
          .as(op.getKey())
          .isInstanceOf(AuditUnavailableException.class);
      assertThat(ks.generation()).as(op.getKey() + " changed the keystore").isEqualTo(generation);
      assertNothingAllowedSince(log, head);
    }
  }

  /**
   * The log took no record of success since {@code head}. When there was room for a small record
   * but not for the change's, the refusal itself is recorded, as an error.
   */
  private static void assertNothingAllowedSince(AuditLog log, AuditHead head) {
    for (AuditRecord r :
        log.query(AuditQuery.builder().newestFirst().limit(AuditQuery.MAX_LIMIT).build())
            .records()) {
      if (r.sequence() <= head.sequence()) {
        break;
      }
      assertThat(r.outcome()).as(r.toJson()).isEqualTo(AuditOutcome.ERROR);
      assertThat(r.errorCode()).as(r.toJson()).contains(ErrorCode.AUDIT_UNAVAILABLE.name());
    }
  }

  @Test
  void whenTheDiskHasNoSpaceForTheLog_everyOperationIsRefused_andNothingChanges() {
    try (Keystore ks = builder(AuditLogConfig.MIN_SEGMENT_SIZE).open()) {
      AuditLog log = ks.auditLog().orElseThrow();
      KeyService kms = ks.as(ADMIN);
      String keyId = kms.createKey(CreateKeyRequest.defaults()).keyId();
      Ciphertext ct = kms.encrypt(EncryptRequest.of(keyId, new byte[] {1}, CONTEXT));
      failing.set(Set.of(LogHook.Step.EXTEND, LogHook.Step.CREATE_SEGMENT));
      // Records still fit in the space already allocated; once it is used up, the log refuses.
      for (int i = 0; i < 100 && !refuses(() -> kms.describeKey(keyId)); i++) {
        assertThat(i).as("the log never ran out of space").isLessThan(99);
      }
      assertRefusedAndUnchanged(ks, log, keyId, ct);
      failing.set(Set.of());
      assertThat(kms.describeKey(keyId).enabled()).as("space again: the log works").isTrue();
      assertThat(log.verify().intact()).isTrue();
    }
  }

  @Test
  void aChangeThatTheLogHasNoRoomFor_isRefusedBeforeItIsMade() {
    try (Keystore ks = builder(AuditLogConfig.MIN_SEGMENT_SIZE).open()) {
      KeyService kms = ks.as(ADMIN);
      String keyId = kms.createKey(CreateKeyRequest.defaults()).keyId();
      failing.set(Set.of(LogHook.Step.EXTEND, LogHook.Step.CREATE_SEGMENT));
      long generation = ks.generation();
      AuditHead head = ks.auditLog().orElseThrow().head();
      // A change asks the log for room for its record before the keystore commits it; a full disk
      // refuses it there, even while small records still fit.
      assertThatThrownBy(() -> kms.disableKey(keyId)).isInstanceOf(AuditUnavailableException.class);
      assertThat(ks.generation()).isEqualTo(generation);
      assertNothingAllowedSince(ks.auditLog().orElseThrow(), head);
      failing.set(Set.of());
      assertThat(kms.describeKey(keyId).enabled()).isTrue();
    }
  }

  @Test
  void afterAFailedFsync_theLogRefusesEverything_untilReopened() {
    Keystore.Builder b =
        AuditTesting.withHook(
            Keystore.builder(dir.resolve("keystore"))
                .auditLog(AuditLogConfig.builder(dir.resolve("audit")).sync(true).build()),
            step -> {
              if (failing.get().contains(step)) {
                throw new IOException("injected: fsync failed (" + step + ")");
              }
            });
    String keyId;
    try (Keystore ks = b.open()) {
      KeyService kms = ks.as(ADMIN);
      keyId = kms.createKey(CreateKeyRequest.defaults()).keyId();
      Ciphertext ct = kms.encrypt(EncryptRequest.of(keyId, new byte[] {1}, CONTEXT));
      failing.set(Set.of(LogHook.Step.SYNC));
      assertThatThrownBy(() -> kms.describeKey(keyId))
          .as("not acknowledged: its record is not durable")
          .isInstanceOf(AuditUnavailableException.class);
      failing.set(Set.of());
      // Whether that record reached the disk is unknown, so the log takes no more until recovery
      // has looked at its tail.
      assertRefusedAndUnchanged(ks, ks.auditLog().orElseThrow(), keyId, ct);
    }
    try (Keystore ks = b.open()) {
      assertThat(ks.as(ADMIN).describeKey(keyId).enabled()).isTrue();
      assertThat(ks.auditLog().orElseThrow().verify().intact()).isTrue();
    }
  }

  @Test
  void aReadOnlyLogDirectory_refusesToOpen_andTheKeystoreIsUnchanged() throws Exception {
    try (Keystore ks = builder(AuditLogConfig.DEFAULT_SEGMENT_SIZE).open()) {
      ks.as(ADMIN).createKey(CreateKeyRequest.defaults());
    }
    long generation = AuditTesting.generationOnDisk(dir.resolve("keystore"));
    Path audit = dir.resolve("audit");
    ReadOnly readOnly = ReadOnly.make(audit, true);
    try {
      assertThatThrownBy(() -> builder(AuditLogConfig.DEFAULT_SEGMENT_SIZE).open())
          .isInstanceOf(AuditUnavailableException.class)
          .hasMessageContaining(audit.toString());
    } finally {
      readOnly.close();
    }
    assertThat(AuditTesting.generationOnDisk(dir.resolve("keystore"))).isEqualTo(generation);
    try (Keystore ks = builder(AuditLogConfig.DEFAULT_SEGMENT_SIZE).open()) {
      assertThat(ks.auditLog().orElseThrow().verify().intact()).isTrue();
    }
  }

  @Test
  void aLogDirectoryThatBecomesReadOnly_refusesOperationsOnceItNeedsANewSegment() throws Exception {
    try (Keystore ks = builder(AuditLogConfig.MIN_SEGMENT_SIZE).open()) {
      AuditLog log = ks.auditLog().orElseThrow();
      KeyService kms = ks.as(ADMIN);
      String keyId = kms.createKey(CreateKeyRequest.defaults()).keyId();
      Ciphertext ct = kms.encrypt(EncryptRequest.of(keyId, new byte[] {1}, CONTEXT));
      ReadOnly readOnly = ReadOnly.make(dir.resolve("audit"), false);
      try {
        boolean refused = false;
        for (int i = 0; i < 200 && !refused; i++) {
          long generation = ks.generation();
          AuditHead head = log.head();
          try {
            kms.createKey(CreateKeyRequest.defaults());
          } catch (AuditUnavailableException e) {
            refused = true;
            assertThat(ks.generation()).as("the refused change was not made").isEqualTo(generation);
            assertNothingAllowedSince(log, head);
          }
        }
        assertThat(refused).as("a new segment was needed and refused").isTrue();
        // Every change needs room the log cannot make; small records may still fit for a while.
        assertChangesRefused(ks, log, keyId, ct);
      } finally {
        readOnly.close();
      }
      assertThat(kms.describeKey(keyId).enabled()).as("writable again: the log works").isTrue();
      assertThat(log.verify().intact()).isTrue();
    }
  }

  private static boolean refuses(Runnable call) {
    try {
      call.run();
      return false;
    } catch (AuditUnavailableException e) {
      return true;
    }
  }

  /**
   * Makes a directory (and optionally its files) read-only, by permissions, or for root, whom
   * permissions do not stop, with the immutable attribute; undone on close.
   */
  static final class ReadOnly {
    private final List<Path> paths;
    private final boolean immutable;

    private ReadOnly(List<Path> paths, boolean immutable) {
      this.paths = paths;
      this.immutable = immutable;
    }

    static ReadOnly make(Path directory, boolean files) throws IOException {
      List<Path> paths;
      try (Stream<Path> list = Files.list(directory)) {
        paths = files ? Stream.concat(list, Stream.of(directory)).toList() : List.of(directory);
      }
      for (Path p : paths) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
      }
      boolean stillWritable;
      try {
        Files.delete(Files.createFile(directory.resolve("probe")));
        stillWritable = true;
      } catch (IOException e) {
        stillWritable = false;
      }
      if (stillWritable) {
        for (Path p : paths) {
          chattr("+i", p);
        }
      }
      return new ReadOnly(paths, stillWritable);
    }

    private static void chattr(String flag, Path p) throws IOException {
      Process process = new ProcessBuilder("chattr", flag, p.toString()).inheritIO().start();
      int exit;
      try {
        exit = process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      if (exit != 0) {
        throw new org.opentest4j.TestAbortedException(
            "running as root and chattr is unavailable: cannot make a read-only directory");
      }
    }

    void close() throws IOException {
      for (Path p : paths) {
        if (immutable) {
          chattr("-i", p);
        }
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
      }
    }
  }
}
