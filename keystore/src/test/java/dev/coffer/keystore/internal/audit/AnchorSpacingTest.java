package dev.coffer.keystore.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.audit.AuditHead;
import dev.coffer.keystore.audit.AuditLogConfig;
import dev.coffer.keystore.internal.model.AuditState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Digests under load are anchored in the keystore at a bounded rate, the newest one always. */
class AnchorSpacingTest {
  private static final long SPACING_MILLIS =
      TimeUnit.NANOSECONDS.toMillis(FileAuditLog.ANCHOR_SPACING_NANOS);

  @TempDir Path dir;

  /** Keeps the remembered head in memory and notes when each was recorded. */
  static final class RecordingAnchor implements LogAnchor {
    private volatile AuditState state =
        new AuditState(SigningKeys.generate(), new byte[32], Optional.empty());
    final List<Long> recordedAtNanos = new CopyOnWriteArrayList<>();

    @Override
    public AuditState state() {
      return state;
    }

    @Override
    public long keystoreGeneration() {
      return 1;
    }

    @Override
    public void recordHead(AuditState.Head head) {
      state = state.withHead(head);
      recordedAtNanos.add(System.nanoTime());
    }

    long anchoredSequence() {
      return state.head().map(AuditState.Head::sequence).orElse(0L);
    }
  }

  private static AuditEvent event() {
    return new AuditEvent(
        Instant.now(),
        "keystore",
        "DescribeKey",
        Caller.of("arn:aws:iam::111122223333:role/Test"),
        true,
        Optional.empty(),
        OptionalInt.empty(),
        EncryptionContext.empty(),
        Map.of(),
        AuditOutcome.ALLOWED,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty());
  }

  @Test
  void digestsInQuickSuccession_areAnchoredAtMostOncePerSpacing_andTheNewestIsAnchored()
      throws Exception {
    RecordingAnchor anchor = new RecordingAnchor();
    AuditLogConfig config =
        AuditLogConfig.builder(dir).digestEvery(2, Duration.ofMinutes(1)).build();
    try (FileAuditLog log = LogOpener.open(config, anchor, Clock.systemUTC(), LogHook.NONE)) {
      long start = System.nanoTime();
      long digests = 0;
      while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(3 * SPACING_MILLIS)) {
        log.append(event());
        log.append(event()); // every second record signs a digest
        digests++;
      }
      long elapsed = System.nanoTime() - start;
      assertThat(digests).as("digests signed").isGreaterThan(50);
      List<Long> times = List.copyOf(anchor.recordedAtNanos);
      List<Long> offsetsMillis =
          times.stream().map(t -> TimeUnit.NANOSECONDS.toMillis(t - start)).toList();
      for (int i = 1; i < times.size(); i++) {
        assertThat(times.get(i) - times.get(i - 1))
            .as("time between anchorings, at %s ms", offsetsMillis)
            // Measured when each head is recorded, after an fsync of varying length.
            .isGreaterThan(FileAuditLog.ANCHOR_SPACING_NANOS / 2);
      }
      assertThat((long) times.size())
          .as("anchorings for %d digests in %d ms", digests, elapsed / 1_000_000)
          .isBetween(1L, 2 + elapsed / FileAuditLog.ANCHOR_SPACING_NANOS);
      long newestDigest = log.head().sequence();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10 * SPACING_MILLIS);
      while (anchor.anchoredSequence() != newestDigest && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(anchor.anchoredSequence())
          .as("the newest digest, once the load stops")
          .isEqualTo(newestDigest);
    }
  }

  @Test
  void sign_anchorsAtOnce_evenRightAfterAnotherAnchoring() {
    RecordingAnchor anchor = new RecordingAnchor();
    AuditLogConfig config =
        AuditLogConfig.builder(dir).digestEvery(2, Duration.ofMinutes(1)).build();
    try (FileAuditLog log = LogOpener.open(config, anchor, Clock.systemUTC(), LogHook.NONE)) {
      for (int i = 0; i < 3; i++) {
        log.append(event());
        AuditHead signed = log.sign();
        assertThat(anchor.anchoredSequence()).isEqualTo(signed.sequence());
      }
    }
  }
}
