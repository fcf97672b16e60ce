package dev.coffer.keystore.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.KeystoreFixture;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.internal.audit.LogFiles;
import dev.coffer.keystore.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy of a log, read with {@link AuditLog#openCopy}: without the keystore, without a lock,
 * without writing; it answers every query as the live log did.
 */
class AuditLogCopyTest {
  @TempDir static Path shared;
  static CopySample sample;

  @TempDir Path work;

  @BeforeAll
  static void writeSample() {
    sample = CopySample.create(shared.resolve("data"));
  }

  private Path copy() throws Exception {
    return sample.copyLogTo(work.resolve("copy"));
  }

  @Test
  void aCopy_answersAsTheLiveLogDid_inEitherOrder_acrossSegments() throws Exception {
    Path copy = copy();
    assertThat(LogFiles.segments(copy)).hasSizeGreaterThanOrEqualTo(3);
    AuditTrail trail = AuditLog.openCopy(copy, Optional.empty());

    List<AuditRecord> oldest = CopySample.all(trail, AuditQuery.builder().limit(7).build());
    List<AuditRecord> newest =
        CopySample.all(trail, AuditQuery.builder().newestFirst().limit(7).build());

    assertThat(oldest).hasSize(84).containsExactlyElementsOf(sample.events);
    List<AuditRecord> reversed = new ArrayList<>(sample.events);
    Collections.reverse(reversed);
    assertThat(newest).containsExactlyElementsOf(reversed);
    StringBuilder lines = new StringBuilder();
    assertThat(trail.export(AuditQuery.builder().outcome(AuditOutcome.ERROR).build(), lines))
        .isEqualTo(6);
    assertThat(lines.toString().lines())
        .containsExactlyElementsOf(
            sample.events.stream()
                .filter(r -> r.outcome() == AuditOutcome.ERROR)
                .map(AuditRecord::toJson)
                .toList());
  }

  /**
   * Filters, order and page size drawn at random: the copy gives the same pages and tokens as the
   * live log it was copied from, which stays open (a copy taken while the log is in use).
   */
  @Test
  void anyQuery_pagesTheCopyAsItPagesTheLiveLog() throws Exception {
    Path data = work.resolve("data");
    SampleLog.copyTree(sample.data, data);
    try (Keystore keystore =
        CopySample.builder(data, MutableClock.at("2026-04-01T00:00:00Z")).open()) {
      AuditLog live = keystore.auditLog().orElseThrow();
      live.sign();
      SampleLog.copyTree(data.resolve("audit"), work.resolve("copy"));
      AuditTrail copy = AuditLog.openCopy(work.resolve("copy"), Optional.empty());

      qt().withExamples(150)
          .forAll(integers().between(0, (1 << 17) - 1), integers().between(1, 30))
          .checkAssert(
              (code, limit) -> {
                AuditQuery query = query(code, limit);
                assertThat(CopySample.pages(copy, query))
                    .as("%s", query)
                    .isEqualTo(CopySample.pages(live, query));
              });
    }
  }

  /**
   * A query encoded by one integer, whose bits pick from small vocabularies (each with values that
   * match nothing), so QuickTheories shrinks a failure to a simple query. Bits: 0-1 since, 2-3
   * until, 4-5 principal, 6-7 event, 8-9 key, 10-11 bucket, 12-13 prefix, 14-15 outcome, 16 order.
   */
  private static AuditQuery query(int code, int limit) {
    List<Instant> times =
        Arrays.asList(
            null,
            CopySample.START.plus(Duration.ofMinutes(20)),
            CopySample.START.plus(Duration.ofMinutes(45)),
            CopySample.START.plus(Duration.ofMinutes(200)));
    List<String> principals =
        Arrays.asList(null, KeystoreFixture.ALICE.name(), KeystoreFixture.BOB.name(), "x");
    List<String> events = Arrays.asList(null, "GetObject", "PutObject", "CreateAlias");
    List<String> keys = Arrays.asList(null, sample.keyId, CopySample.ALIAS, "alias/none");
    List<String> buckets = Arrays.asList(null, "photos", "invoices", "none");
    List<String> prefixes = Arrays.asList(null, "2026/april/", "2026/m", "2026/april/1");
    List<AuditOutcome> outcomes =
        Arrays.asList(null, AuditOutcome.ALLOWED, AuditOutcome.DENIED, AuditOutcome.ERROR);
    AuditQuery.Builder q =
        AuditQuery.builder()
            .principal(principals.get((code >> 4) & 3))
            .eventName(events.get((code >> 6) & 3))
            .key(keys.get((code >> 8) & 3))
            .bucket(buckets.get((code >> 10) & 3))
            .objectKeyPrefix(prefixes.get((code >> 12) & 3))
            .limit(limit);
    Instant since = times.get(code & 3);
    Instant until = times.get((code >> 2) & 3);
    if (since != null) {
      q.since(since);
    }
    if (until != null) {
      q.until(until);
    }
    AuditOutcome outcome = outcomes.get((code >> 14) & 3);
    if (outcome != null) {
      q.outcome(outcome);
    }
    if (((code >> 16) & 1) == 1) {
      q.newestFirst();
    }
    return q.build();
  }

  @Test
  void theLiveLogsOwnDirectory_isReadWhileItsKeystoreHoldsIt() throws Exception {
    Path data = work.resolve("data");
    SampleLog.copyTree(sample.data, data);
    try (Keystore keystore =
        CopySample.builder(data, MutableClock.at("2026-04-01T00:00:00Z")).open()) {
      keystore.as(KeystoreFixture.ADMIN).describeKey(sample.keyId);
      keystore.auditLog().orElseThrow().sign();

      AuditTrail copy = AuditLog.openCopy(data.resolve("audit"), Optional.empty());

      List<AuditRecord> records = CopySample.all(copy, AuditQuery.builder().limit(50).build());
      assertThat(records.subList(0, sample.events.size())).isEqualTo(sample.events);
      assertThat(records.get(records.size() - 1).eventName()).isEqualTo("DescribeKey");
    }
  }

  /**
   * The copy's files and directory are made read-only, as on read-only media. Tests may run as
   * root, whom permissions do not stop, so what the directory holds is also compared, byte for byte
   * and time for time, before and after: nothing created (no lock file), nothing changed.
   */
  @Test
  void aCopyOnReadOnlyMedia_isReadWithoutWritingAnything() throws Exception {
    Path copy = copy();
    Map<String, String> before = snapshot(copy);
    List<Path> files;
    try (Stream<Path> listing = Files.list(copy)) {
      files = listing.toList();
    }
    for (Path f : files) {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
    }
    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      AuditTrail trail = AuditLog.openCopy(copy, Optional.of(sample.publicKeyPem));
      assertThat(CopySample.all(trail, AuditQuery.builder().newestFirst().build()))
          .hasSize(sample.events.size());
      assertThat(trail.export(AuditQuery.all(), new StringBuilder()))
          .isEqualTo(sample.events.size());
      assertThat(trail.verify().intact()).isTrue();

      assertThat(snapshot(copy)).isEqualTo(before);
    } finally {
      Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** Each file's name, SHA-256, size and modification time. */
  private static Map<String, String> snapshot(Path dir) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        FileTime modified = Files.getLastModifiedTime(f);
        out.put(
            f.getFileName().toString(),
            HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)))
                + " "
                + Files.size(f)
                + " "
                + modified.toInstant());
      }
    }
    out.put(".", Files.getLastModifiedTime(dir).toInstant().toString());
    return out;
  }

  @Test
  void withItsPublicKey_aCopyAlsoVerifies_andExportsTheKeyInBothForms() throws Exception {
    Path copy = copy();
    AuditTrail withPem = AuditLog.openCopy(copy, Optional.of(sample.publicKeyPem));

    VerificationReport report = withPem.verify();
    assertThat(report.intact()).as(report.summary()).isTrue();
    assertThat(report.events()).isEqualTo(sample.events.size());
    assertThat(withPem.publicKeyPem()).isEqualTo(sample.publicKeyPem);
    AuditTrail withJson = AuditLog.openCopy(copy, Optional.of(withPem.publicKeysetJson()));
    assertThat(withJson.verify(10, 20).intact()).isTrue();
    assertThat(withJson.publicKeyPem()).isEqualTo(sample.publicKeyPem);
  }

  @Test
  void withoutAPublicKey_aCopyReads_butRefusesToVerify() throws Exception {
    AuditTrail trail = AuditLog.openCopy(copy(), Optional.empty());

    assertThat(trail.query(AuditQuery.all()).records()).isNotEmpty();
    assertThatThrownBy(trail::verify)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without its public key");
    assertThatThrownBy(trail::publicKeyPem).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aKeyThatIsNotAPublicKey_isAnInvalidArgument() throws Exception {
    Path copy = copy();

    assertThatThrownBy(() -> AuditLog.openCopy(copy, Optional.of("-----BEGIN PUBLIC KEY-----")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("public key");
    assertThatThrownBy(() -> AuditLog.openCopy(copy, Optional.of("{}")))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void aDirectoryThatIsNotALog_isRefused_sayingWhy() throws Exception {
    Path missing = work.resolve("missing");
    Path file = Files.writeString(work.resolve("file"), "x");
    Path empty = Files.createDirectories(work.resolve("empty"));
    Path dataDirectory = sample.data;

    assertThatThrownBy(() -> AuditLog.openCopy(missing, Optional.empty()))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no such directory: " + missing);
    assertThatThrownBy(() -> AuditLog.openCopy(file, Optional.empty()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("is a file");
    assertThatThrownBy(() -> AuditLog.openCopy(empty, Optional.empty()))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no audit log in " + empty + ": no segment files (audit-*.log) there");
    assertThatThrownBy(() -> AuditLog.openCopy(dataDirectory, Optional.empty()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageEndingWith("; a data directory keeps its log in " + sample.audit());
  }
}
