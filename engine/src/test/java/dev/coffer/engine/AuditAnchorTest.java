package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.engine.internal.store.Records;
import dev.coffer.format.v1.EngineMeta;
import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.audit.AuditHead;
import dev.coffer.keystore.audit.AuditIntegrityException;
import dev.coffer.keystore.audit.AuditLog;
import dev.coffer.keystore.audit.AuditQuery;
import dev.coffer.keystore.audit.AuditRecovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object store remembers the audit log's head at close and refuses, at the next open, a log
 * that no longer holds it: a third witness beside the log itself and the keystore.
 */
class AuditAnchorTest {
  private static final byte[] META_ROW = Records.META_ROW;

  @TempDir Path dir;

  @Test
  void objectOperations_areInTheDataDirectorysAuditLog_byDefault() throws Exception {
    try (EngineFixture fx = new EngineFixture(dir)) {
      putOne(fx);
      AuditLog log = fx.coffer().keystore().auditLog().orElseThrow();
      assertThat(log.directory()).isEqualTo(dir.resolve("audit").toAbsolutePath());
      assertThat(log.query(AuditQuery.builder().eventName("PutObject").build()).records())
          .singleElement()
          .satisfies(r -> assertThat(r.eventSource()).isEqualTo("engine"));
      assertThat(log.verify().intact()).isTrue();
    }
  }

  @Test
  void close_onAnInterruptedThread_stillSignsAndAnchorsTheLog_andKeepsTheInterrupt()
      throws Exception {
    // coffer serve is stopped in-process by an interrupt; the close that follows must not lose
    // the final digest to an interrupted file channel.
    try (EngineFixture fx = new EngineFixture(dir)) {
      putOne(fx);
      Thread.currentThread().interrupt();
      try {
        fx.coffer().close();
      } finally {
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
      }
      fx.reopen();
      AuditLog log = fx.coffer().keystore().auditLog().orElseThrow();
      assertThat(log.verify().intact()).isTrue();
      assertThat(fx.root().headObject("bucket", "k").size()).isEqualTo(3);
    }
  }

  @Test
  void objectOperations_onAnInterruptedThread_succeedAndKeepTheInterrupt() throws Exception {
    try (EngineFixture fx = new EngineFixture(dir)) {
      putOne(fx);
      for (int i = 0; i < 50; i++) {
        Thread.currentThread().interrupt();
        try {
          fx.root()
              .putObject(
                  PutObjectRequest.builder("bucket", "k" + i).build(), new byte[] {(byte) i});
          assertThat(fx.root().headObject("bucket", "k" + i).size()).isEqualTo(1);
          try (ObjectContent c = fx.root().getObject(GetObjectRequest.of("bucket", "k" + i))) {
            assertThat(c.readAllBytes()).containsExactly(i);
          }
        } finally {
          assertThat(Thread.interrupted()).as("interrupt kept, round %d", i).isTrue();
        }
      }
      AuditLog log = fx.coffer().keystore().auditLog().orElseThrow();
      log.sign();
      assertThat(log.verify().intact()).isTrue();
      assertThat(log.query(AuditQuery.builder().eventName("PutObject").build()).records())
          .hasSize(51);
    }
  }

  @Test
  void close_remembersTheSignedHead_andReopenAcceptsIt() throws Exception {
    AuditHead atClose;
    try (EngineFixture fx = new EngineFixture(dir)) {
      putOne(fx);
      fx.reopen();
      EngineMeta meta = meta(fx);
      assertThat(meta.getAuditSequence()).isPositive();
      atClose =
          new AuditHead(
              meta.getAuditSequence(), HexFormat.of().formatHex(meta.getAuditHash().toByteArray()));
      AuditLog log = fx.coffer().keystore().auditLog().orElseThrow();
      assertThat(log.verifyReaches(atClose).intact()).isTrue();
      assertThat(fx.root().headObject("bucket", "k").size()).isEqualTo(3);
    }
  }

  @Test
  void open_whenTheLogNoLongerReachesTheRememberedHead_isRefused() throws Exception {
    try (EngineFixture fx = new EngineFixture(dir)) {
      putOne(fx);
    }
    // As if the log had been cut back to a shorter valid chain after this store last saw it.
    rememberHead(1_000_000, new byte[32]);
    assertThatThrownBy(this::open)
        .isInstanceOf(AuditUnavailableException.class)
        .hasMessageContaining("does not hold record 1000000")
        .hasMessageContaining("CUT_TAIL");
    rememberHead(0, new byte[0]);
    open().close();
  }

  @Test
  void open_whenTheLogsRecordAtTheRememberedHeadDiffers_isRefused() throws Exception {
    long sequence;
    try (EngineFixture fx = new EngineFixture(dir)) {
      putOne(fx);
      sequence = fx.coffer().keystore().auditLog().orElseThrow().head().sequence();
    }
    rememberHead(sequence, new byte[32]);
    assertThatThrownBy(this::open)
        .isInstanceOf(AuditUnavailableException.class)
        .hasMessageContaining("does not hold record " + sequence)
        .hasMessageContaining("EDITED");
  }

  @Test
  void recoverAuditLog_afterTheLogWasDamaged_letsTheStoreOpenWithItsObjectsAsTheyWere()
      throws Exception {
    try (EngineFixture fx = new EngineFixture(dir)) {
      putOne(fx);
    }
    Path segment;
    try (Stream<Path> files = Files.list(dir.resolve("audit"))) {
      segment = files.filter(f -> f.getFileName().toString().endsWith(".log")).findFirst().get();
    }
    byte[] bytes = Files.readAllBytes(segment);
    int end = bytes.length - 1;
    while (bytes[end] == 0) {
      end--;
    }
    bytes[end / 2] ^= 0x40;
    Files.write(segment, bytes);
    assertThatThrownBy(this::open).isInstanceOf(AuditIntegrityException.class);

    AuditRecovery recovery = Coffer.builder(dir).recoverAuditLog(EngineFixture.ROOT, "test");

    assertThat(recovery.setAside()).isPresent();
    try (Coffer coffer = open()) {
      ObjectStore store = coffer.as(EngineFixture.ROOT);
      try (ObjectContent c = store.getObject(GetObjectRequest.of("bucket", "k"))) {
        assertThat(c.readAllBytes()).containsExactly(1, 2, 3);
      }
      AuditLog log = coffer.keystore().auditLog().orElseThrow();
      assertThat(log.verify().intact()).isTrue();
      assertThat(log.query(AuditQuery.builder().eventName("GetObject").build()).records())
          .singleElement()
          .satisfies(r -> assertThat(r.sequence()).isGreaterThan(recovery.recoveryRecord()));
    }
    open().close();
  }

  private static void putOne(EngineFixture fx) throws Exception {
    KeyMetadata key = fx.kms().createKey(CreateKeyRequest.defaults());
    fx.root()
        .createBucket(CreateBucketRequest.of("bucket", new BucketEncryption(key.arn(), false)));
    fx.root().putObject(PutObjectRequest.builder("bucket", "k").build(), new byte[] {1, 2, 3});
  }

  private static EngineMeta meta(EngineFixture fx) throws Exception {
    return EngineMeta.parseFrom(EngineInspector.get(fx, "META", META_ROW));
  }

  /** Rewrites the head the closed object store remembers, as an attacker with the disk could. */
  private void rememberHead(long sequence, byte[] hash) throws Exception {
    try (EngineDb db = EngineDb.open(dir.resolve("db"), false)) {
      Records records = new Records(db);
      records.putMeta(
          records.meta().orElseThrow().toBuilder()
              .setAuditSequence(sequence)
              .setAuditHash(ByteString.copyFrom(hash))
              .build());
    }
  }

  private Coffer open() {
    return Coffer.builder(dir).warmUpCrypto(false).open();
  }
}
