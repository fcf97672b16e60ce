package dev.coffer.bench;

import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.DataKey;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.audit.AuditLog;
import dev.coffer.keystore.audit.AuditLogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The audit log: raw append throughput without sync and with group-commit sync, and what auditing
 * adds to GenerateDataKey, measured beside the same call on an unaudited keystore in the same run.
 * Each iteration starts from a fresh data directory (opened and deleted outside the measurement),
 * so the log's size on disk stays bounded by one iteration's records.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AuditBenchmark {
  static final String PRINCIPAL = KeystoreBenchmark.PRINCIPAL;

  /** A keystore in a temporary data directory, with or without an audit log. */
  abstract static class DataDirectory {
    Path directory;
    Keystore keystore;
    KeyService kms;
    KeyMetadata key;
    EncryptionContext context;

    abstract Optional<AuditLogConfig.Builder> log(Path audit);

    @Setup(Level.Iteration)
    public void open() throws IOException {
      directory = Files.createTempDirectory("coffer-audit-bench-");
      Keystore.Builder builder = Keystore.builder(directory.resolve("keystore"));
      log(directory.resolve("audit")).ifPresent(b -> builder.auditLog(b.build()));
      keystore = builder.open();
      KeyService admin = keystore.as(Principal.accountRoot(Keystore.DEFAULT_ACCOUNT));
      key = admin.createKey(CreateKeyRequest.defaults());
      admin.putPrincipalPolicy(
          Principal.of(PRINCIPAL),
          "InvoiceService",
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
              + "[\"kms:GenerateDataKey\",\"kms:Decrypt\"],\"Resource\":\""
              + key.arn()
              + "\"}]}");
      kms = keystore.as(Caller.of(PRINCIPAL));
      Map<String, String> pairs = new LinkedHashMap<>();
      pairs.put("tenant", "acme");
      pairs.put("aws:s3:arn", "arn:aws:s3:::acme-invoices/2024/03/INV-000123.pdf");
      pairs.put("app", "billing");
      context = EncryptionContext.of(pairs);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
      if (keystore != null) {
        keystore.close();
      }
      if (directory != null) {
        ScratchDirectories.delete(directory);
      }
    }

    AuditLog auditLog() {
      return keystore.auditLog().orElseThrow();
    }

    /** What the keystore records for a GenerateDataKey by the role. */
    AuditEvent typicalEvent() {
      return new AuditEvent(
          Instant.now(),
          "keystore",
          "GenerateDataKey",
          Caller.of(PRINCIPAL),
          true,
          Optional.of(key.arn()),
          OptionalInt.of(1),
          context,
          Map.of("keyId", key.keyId(), "numberOfBytes", "32"),
          AuditOutcome.ALLOWED,
          Optional.empty(),
          Optional.empty(),
          Optional.of(
              "allowed by statement \"Enable IAM User Permissions\" of the key policy, which lets"
                  + " the account's identity policies decide, together with statement #1 of"
                  + " identity policy InvoiceService of "
                  + PRINCIPAL),
          List.of(key.arn()),
          Optional.empty());
    }
  }

  /** The default log: records in the OS before the call returns, no fsync. */
  @State(Scope.Benchmark)
  public static class NoSync extends DataDirectory {
    AuditEvent event;
    AuditLog log;

    @Override
    Optional<AuditLogConfig.Builder> log(Path audit) {
      return Optional.of(AuditLogConfig.builder(audit));
    }

    @Setup(Level.Iteration)
    public void event() {
      event = typicalEvent();
      log = auditLog();
    }
  }

  /** Sync on: each append waits for an fsync, shared by every appender waiting at the time. */
  @State(Scope.Benchmark)
  public static class Sync extends NoSync {
    @Override
    Optional<AuditLogConfig.Builder> log(Path audit) {
      return Optional.of(AuditLogConfig.builder(audit).sync(true));
    }
  }

  /** No audit log: the keystore's default discarding sink. */
  @State(Scope.Benchmark)
  public static class Unaudited extends DataDirectory {
    GenerateDataKeyRequest request;

    @Override
    Optional<AuditLogConfig.Builder> log(Path audit) {
      return Optional.empty();
    }

    @Setup(Level.Iteration)
    public void request() {
      request = GenerateDataKeyRequest.of(key.keyId(), context);
    }
  }

  /** The default audit log (no sync). */
  @State(Scope.Benchmark)
  public static class Audited extends Unaudited {
    @Override
    Optional<AuditLogConfig.Builder> log(Path audit) {
      return Optional.of(AuditLogConfig.builder(audit));
    }
  }

  @Benchmark
  public void appendWithoutSync(NoSync s) {
    s.log.append(s.event);
  }

  /** Eight appenders, so that group commit has company; throughput is per thread. */
  @Benchmark
  @Threads(8)
  public void appendWithGroupCommitSync(Sync s) {
    s.log.append(s.event);
  }

  @Benchmark
  public void generateDataKeyUnaudited(Unaudited s, Blackhole bh) {
    try (DataKey dataKey = s.kms.generateDataKey(s.request)) {
      bh.consume(dataKey.wrapped());
    }
  }

  @Benchmark
  public void generateDataKeyAudited(Audited s, Blackhole bh) {
    try (DataKey dataKey = s.kms.generateDataKey(s.request)) {
      bh.consume(dataKey.wrapped());
    }
  }
}
