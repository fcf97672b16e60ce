package dev.coffer.keystore.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.internal.audit.LogFiles;
import dev.coffer.keystore.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading does not verify, but does not pass damage by either: a query fails where it reaches a
 * record it cannot read, naming it as verification does, rather than leave out what follows. Only
 * the end that a copy of a log in use (or a crash) leaves, a torn write or records not yet sealed,
 * ends the read quietly.
 */
class AuditCopyDamageTest {
  @TempDir static Path shared;
  static CopySample sample;

  @TempDir Path work;
  Path copy;

  @BeforeAll
  static void writeSample() {
    sample = CopySample.create(shared.resolve("data"));
  }

  @BeforeEach
  void copySample() throws Exception {
    copy = sample.copyLogTo(work.resolve("copy"));
  }

  /** Flips a bit inside the record of an event in the middle of the first segment. */
  private static LogFiles.Frame damageAnOlderRecord(Path log) throws Exception {
    Path first = LogFiles.segments(log).get(0);
    List<LogFiles.Frame> frames =
        LogFiles.frames(log).stream()
            .filter(f -> f.segment().equals(first) && !f.digest())
            .toList();
    LogFiles.Frame frame = frames.get(frames.size() / 2);
    byte[] bytes = Files.readAllBytes(first);
    bytes[frame.offset() + 20] ^= 0x04;
    Files.write(first, bytes);
    return frame;
  }

  private static List<AuditRecord> eventsWhere(java.util.function.LongPredicate sequence) {
    return sample.events.stream().filter(r -> sequence.test(r.sequence())).toList();
  }

  /** Pages {@code query} until it fails; returns what the pages before the failure held. */
  private static List<AuditRecord> pagesUntilItFails(
      AuditTrail trail, AuditQuery query, AuditIntegrityException[] failure) {
    List<AuditRecord> read = new ArrayList<>();
    AuditQuery q = query;
    while (true) {
      AuditPage page;
      try {
        page = trail.query(q);
      } catch (AuditIntegrityException e) {
        failure[0] = e;
        return read;
      }
      read.addAll(page.records());
      if (page.resumeToken().isEmpty()) {
        return read;
      }
      q = q.resumingAt(page.resumeToken().get());
    }
  }

  @Test
  void aDamagedRecord_failsTheQueryWhereItIsReached_namingItAsVerificationDoes() throws Exception {
    long damaged = damageAnOlderRecord(copy).sequence();
    String second = LogFiles.segments(copy).get(1).getFileName().toString();
    long nextSegment = Long.parseLong(second.replaceAll("\\D", ""));
    AuditTrail trail = AuditLog.openCopy(copy, Optional.of(sample.publicKeyPem));
    VerificationReport.Problem problem = trail.verify().problem().orElseThrow();
    assertThat(problem.kind()).isEqualTo(VerificationReport.Kind.EDITED);
    assertThat(problem.sequence()).isEqualTo(damaged);

    AuditIntegrityException[] failure = new AuditIntegrityException[1];
    List<AuditRecord> oldest =
        pagesUntilItFails(trail, AuditQuery.builder().limit(5).build(), failure);
    assertThat(oldest).as("every record before it").isEqualTo(eventsWhere(s -> s < damaged));
    assertThat(failure[0]).isNotNull();
    assertThat(failure[0].errorCode()).isEqualTo(ErrorCode.AUDIT_INTEGRITY_FAILURE);
    assertThat(failure[0].report()).isEmpty();
    assertThat(failure[0])
        .hasMessage(
            "the audit log " + copy + " cannot be read beyond a damaged record: " + problem);

    failure[0] = null;
    List<AuditRecord> newest =
        pagesUntilItFails(trail, AuditQuery.builder().newestFirst().limit(5).build(), failure);
    List<AuditRecord> later = new ArrayList<>(eventsWhere(s -> s >= nextSegment));
    Collections.reverse(later);
    assertThat(newest).as("every record of the later segments").isEqualTo(later);
    assertThat(failure[0]).hasMessageContaining(problem.toString());
  }

  @Test
  void aDamagedRecord_failsEvenAQueryThatMatchesOnlyRecordsPastIt_whichItMightHaveMatched()
      throws Exception {
    long damaged = damageAnOlderRecord(copy).sequence();
    AuditTrail trail = AuditLog.openCopy(copy, Optional.empty());
    AuditRecord after = eventsWhere(s -> s > damaged + 10).get(0);

    assertThatThrownBy(
            () -> trail.query(AuditQuery.builder().since(after.eventTime()).limit(1).build()))
        .isInstanceOf(AuditIntegrityException.class)
        .hasMessageContaining("EDITED at record " + damaged);
    assertThat(trail.query(AuditQuery.builder().limit(3).build()).records())
        .as("a page filled before the damage")
        .hasSize(3);
  }

  @Test
  void export_writesTheRecordsBeforeTheDamage_thenFails() throws Exception {
    long damaged = damageAnOlderRecord(copy).sequence();
    AuditTrail trail = AuditLog.openCopy(copy, Optional.empty());
    StringBuilder out = new StringBuilder();

    assertThatThrownBy(() -> trail.export(AuditQuery.all(), out))
        .isInstanceOf(AuditIntegrityException.class)
        .hasMessageContaining("record " + damaged);
    assertThat(out.toString().lines())
        .containsExactlyElementsOf(
            eventsWhere(s -> s < damaged).stream().map(AuditRecord::toJson).toList());
  }

  @Test
  void aDamagedSegmentHeader_failsTheQuery_namingTheSegment() throws Exception {
    Path second = LogFiles.segments(copy).get(1);
    byte[] bytes = Files.readAllBytes(second);
    bytes[3] ^= 0x01;
    Files.write(second, bytes);

    assertThatThrownBy(
            () ->
                AuditLog.openCopy(copy, Optional.empty())
                    .export(AuditQuery.all(), new StringBuilder()))
        .isInstanceOf(AuditIntegrityException.class)
        .hasMessageContaining(second.getFileName() + " offset 0")
        .hasMessageContaining("the segment header is damaged");
  }

  @Test
  void aCopyOfALogInUse_endsQuietlyAtRecordsNotYetSealed_orATornWrite() throws Exception {
    appendUnsealedFrames(copy);
    assertThat(CopySample.all(AuditLog.openCopy(copy, Optional.empty()), AuditQuery.all()))
        .isEqualTo(sample.events);

    // As the log moved on to a new segment, which is still empty.
    LogFiles.createEmptySegment(copy, LogFiles.frames(copy).size() + 3L);
    assertThat(CopySample.all(AuditLog.openCopy(copy, Optional.empty()), AuditQuery.all()))
        .isEqualTo(sample.events);

    // Likewise, before even the new segment's header was written.
    Path blank = sample.copyLogTo(work.resolve("blank"));
    appendUnsealedFrames(blank);
    Files.write(LogFiles.createEmptyNextSegment(blank), new byte[0]);
    assertThat(CopySample.all(AuditLog.openCopy(blank, Optional.empty()), AuditQuery.all()))
        .isEqualTo(sample.events);

    Path torn = sample.copyLogTo(work.resolve("torn"));
    byte[] frame = LogFiles.nextFrame(torn);
    Arrays.fill(frame, 0, 4, (byte) 0); // the writer stores the length last
    LogFiles.appendToLastSegment(torn, frame);
    List<AuditRecord> newest = new ArrayList<>(sample.events);
    Collections.reverse(newest);
    assertThat(
            CopySample.all(
                AuditLog.openCopy(torn, Optional.empty()),
                AuditQuery.builder().newestFirst().build()))
        .isEqualTo(newest);
  }

  /** Two records written but not sealed (the first's sealing begun), as a copy can catch them. */
  private static void appendUnsealedFrames(Path log) throws Exception {
    for (byte[] frame :
        LogFiles.nextFrames(log, LogFiles.Seal.HALF_SEALED, LogFiles.Seal.UNSEALED)) {
      LogFiles.appendToLastSegment(log, frame);
    }
  }

  @Test
  void aSealedRecordAfterAnUnsealedOne_isDamage_notTheEndOfALogInUse() throws Exception {
    List<byte[]> frames = LogFiles.nextFrames(copy, LogFiles.Seal.UNSEALED, LogFiles.Seal.SEALED);
    for (byte[] frame : frames) {
      LogFiles.appendToLastSegment(copy, frame);
    }
    AuditTrail trail = AuditLog.openCopy(copy, Optional.empty());

    assertThatThrownBy(() -> trail.query(AuditQuery.builder().newestFirst().build()))
        .isInstanceOf(AuditIntegrityException.class)
        .hasMessageContaining("EDITED at record " + (LogFiles.frames(copy).size() + 1));
  }

  /**
   * The live log opens on damage in an older segment (the open reads the last one), and its query
   * fails there too, where it once ended that segment's read quietly, leaving records out: the page
   * that reaches the damage returns what it read before it, and the next page fails.
   */
  @Test
  void aDamagedRecordInAnOlderSegment_failsTheLiveLogsQueryToo() throws Exception {
    Path data = work.resolve("data");
    SampleLog.copyTree(sample.data, data);
    long damaged = damageAnOlderRecord(data.resolve("audit")).sequence();

    try (Keystore keystore =
        CopySample.builder(data, MutableClock.at("2026-04-01T00:00:00Z")).open()) {
      AuditLog live = keystore.auditLog().orElseThrow();
      AuditIntegrityException[] failure = new AuditIntegrityException[1];

      List<AuditRecord> read =
          pagesUntilItFails(
              live, AuditQuery.builder().limit(AuditQuery.MAX_LIMIT).build(), failure);

      assertThat(read).isEqualTo(eventsWhere(s -> s < damaged));
      assertThat(failure[0])
          .hasMessageContaining("EDITED at record " + damaged)
          .hasMessageContaining("does not match its checksum");
    }
  }
}
