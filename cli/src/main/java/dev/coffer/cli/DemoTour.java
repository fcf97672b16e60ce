package dev.coffer.cli;

import static dev.coffer.cli.DemoStep.expect;
import static dev.coffer.cli.DemoStep.refused;

import dev.coffer.engine.Coffer;
import dev.coffer.engine.JobState;
import dev.coffer.engine.JobStatus;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.RotationService;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.Ciphertext;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.DataKey;
import dev.coffer.keystore.DecryptRequest;
import dev.coffer.keystore.Decrypted;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.InsecureSecretAccess;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Plaintext;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.audit.AuditLog;
import dev.coffer.keystore.audit.AuditQuery;
import dev.coffer.keystore.audit.AuditRecord;
import dev.coffer.keystore.audit.VerificationReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The steps of {@code coffer demo}, in order. Each is small and self-checking; later capabilities
 * add their steps to {@link #steps()}.
 */
final class DemoTour {
  static final String ALIAS = "alias/demo";
  static final String ROTATE_TITLE =
      "Rotate the key and rewrap what the object store keeps under version 1";
  static final String CONTEXT = "--context tenant=acme --context purpose=demo";
  private static final int TRAIL = 5;
  static final String WRONG_CONTEXT = "--context tenant=globex --context purpose=demo";

  private DemoTour() {}

  /**
   * What the steps share: the object store, its key service and keystore, the key, the first data
   * key.
   */
  static final class State {
    final Coffer coffer;
    final Principal principal;
    // The data directory, for files a step leaves there (the sidecar's certificate and token).
    final Path root;
    private final Keystore keystore;
    final KeyService kms;
    final Optional<AuditLog> auditLog;
    final ObjectStore s3;
    final EncryptionContext context =
        EncryptionContext.of("tenant", "acme").with("purpose", "demo");
    String keyId;
    String keyArn;
    Ciphertext firstWrapped;
    // A digest, so that the demo can compare data keys without keeping one in plaintext.
    byte[] firstDigest;
    // The archive the archive steps make and then read.
    byte[] archive;

    /**
     * The tour runs as {@code principal}; steps may act as others through {@link #as} and {@link
     * #s3As}.
     */
    State(Coffer coffer, Principal principal, Path root) {
      this.coffer = coffer;
      this.principal = principal;
      this.root = root;
      this.keystore = coffer.keystore();
      this.kms = keystore.as(principal);
      this.s3 = coffer.as(principal);
      this.auditLog = keystore.auditLog();
    }

    KeyService as(String principal) {
      return keystore.as(Principal.of(principal));
    }

    ObjectStore s3As(String principal) {
      return coffer.as(Principal.of(principal));
    }
  }

  static List<DemoStep> steps() {
    List<DemoStep> steps = new ArrayList<>(firstSteps());
    // Access control needs an enabled key and the first data key, and comes before the lifecycle.
    steps.addAll(AccessControlSteps.steps());
    // Objects need the key enabled too; the lifecycle steps leave it enabled after them.
    steps.addAll(ObjectSteps.steps());
    steps.addAll(ArchiveSteps.steps());
    steps.addAll(lifecycleSteps());
    // The sidecar reads and writes the demo bucket under the enabled key the lifecycle leaves.
    steps.addAll(SidecarSteps.steps());
    steps.add(
        new DemoStep(
            "Verify the audit log and read the end of the trail",
            "coffer audit verify && coffer audit query --newest-first --limit " + TRAIL,
            DemoTour::verifyAuditLog));
    return List.copyOf(steps);
  }

  private static List<DemoStep> firstSteps() {
    return List.of(
        new DemoStep(
            "Create a master key with an alias",
            "coffer key create --alias " + ALIAS + " --description \"Coffer demo key\"",
            DemoTour::createKey),
        new DemoStep(
            "Generate a data key bound to an encryption context",
            "coffer key generate-data-key " + ALIAS + " " + CONTEXT,
            DemoTour::generateDataKey),
        new DemoStep(
            "Decrypt the wrapped key with the same context",
            "coffer key decrypt wrapped.b64 " + CONTEXT,
            s -> "the same data key came back; " + decryptFirst(s)),
        new DemoStep(
            "Decrypt it with a different context",
            "coffer key decrypt wrapped.b64 " + WRONG_CONTEXT,
            DemoTour::decryptWithWrongContext));
  }

  private static List<DemoStep> lifecycleSteps() {
    return List.of(
        new DemoStep(ROTATE_TITLE, "coffer rotate " + ALIAS + " --rewrap --wait", DemoTour::rotate),
        new DemoStep(
            "The old wrapped key still decrypts",
            "coffer key decrypt wrapped.b64 " + CONTEXT,
            s -> "it still opens: " + decryptFirst(s)),
        new DemoStep(
            "New data keys are wrapped under version 2",
            "coffer key generate-data-key " + ALIAS + " " + CONTEXT,
            DemoTour::generateUnderNewVersion),
        new DemoStep("Disable the key", "coffer key disable " + ALIAS, DemoTour::disable),
        new DemoStep("Enable it", "coffer key enable " + ALIAS, DemoTour::enable),
        new DemoStep(
            "Schedule its deletion with a 7-day window",
            "coffer key schedule-deletion " + ALIAS + " --days 7",
            DemoTour::scheduleDeletion),
        new DemoStep(
            "Cancel the deletion", "coffer key cancel-deletion " + ALIAS, DemoTour::cancelDeletion),
        new DemoStep("Enable it again", "coffer key enable " + ALIAS, DemoTour::enable));
  }

  private static String createKey(State s) {
    KeyMetadata key =
        s.kms.createKey(CreateKeyRequest.builder().description("Coffer demo key").build());
    s.kms.createAlias(ALIAS, key.keyId());
    s.keyId = key.keyId();
    s.keyArn = key.arn();
    KeyMetadata byAlias = s.kms.describeKey(ALIAS);
    expect(byAlias.keyId().equals(key.keyId()), ALIAS + " to name the new key");
    expect(key.enabled() && key.primaryVersion() == 1, "an Enabled key at version 1");
    return "key " + key.keyId() + " is Enabled at version 1; " + ALIAS + " names it";
  }

  private static String generateDataKey(State s) {
    try (DataKey dataKey = s.kms.generateDataKey(GenerateDataKeyRequest.of(ALIAS, s.context))) {
      s.firstWrapped = dataKey.wrapped();
      s.firstDigest = digest(dataKey.plaintext());
      expect(dataKey.plaintext().length() == 32, "a 32-byte data key");
      return "a 32-byte data key; you store only its wrapped form ("
          + s.firstWrapped.blob().length
          + " bytes, under version "
          + s.firstWrapped.keyVersion()
          + "). The plaintext key is not shown.";
    }
  }

  private static String decryptFirst(State s) {
    try (Decrypted decrypted = s.kms.decrypt(DecryptRequest.of(s.firstWrapped, s.context))) {
      expect(
          MessageDigest.isEqual(digest(decrypted.plaintext()), s.firstDigest),
          "the plaintext data key generated earlier");
      return "version " + decrypted.keyVersion() + " opened it";
    }
  }

  private static String decryptWithWrongContext(State s) {
    EncryptionContext wrong = EncryptionContext.of("tenant", "globex").with("purpose", "demo");
    CofferException e =
        refused(
            ErrorCode.INTEGRITY_FAILURE,
            () -> s.kms.decrypt(DecryptRequest.of(s.firstWrapped, wrong)).close());
    return "refused with " + e.errorCode() + " (" + e.getMessage() + ")";
  }

  private static String rotate(State s) {
    RotationService rotation = s.coffer.rotation(Caller.of(s.principal));
    JobStatus job;
    try {
      String jobId = rotation.rotate(ALIAS, true, false).orElseThrow().jobId();
      job = rotation.awaitJob(jobId, Duration.ofMinutes(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoStep.Mismatch("interrupted while waiting for the rewrap");
    }
    KeyMetadata key = s.kms.describeKey(ALIAS);
    expect(key.primaryVersion() == 2, "version 2 to become primary");
    expect(job.state() == JobState.SUCCEEDED, "the rewrap job to succeed, but it " + job.state());
    ObjectInfo report = s.s3.headObject(ObjectSteps.BUCKET, ObjectSteps.KEY);
    expect(report.kmsKeyVersion() == 2, "the demo object's keys under version 2");
    return "version 2 is primary; job "
        + job.jobId()
        + " rewrapped "
        + job.done()
        + (job.done() == 1 ? " stored key" : " stored keys")
        + " (bucket keys first, then objects) with ReEncrypt, no data rewritten;"
        + " version 1 stays to decrypt what is wrapped outside the store";
  }

  private static String generateUnderNewVersion(State s) {
    Ciphertext wrapped =
        s.kms.generateDataKeyWithoutPlaintext(GenerateDataKeyRequest.of(ALIAS, s.context));
    expect(wrapped.keyVersion() == 2, "the new data key under version 2");
    return "the new data key is wrapped under version " + wrapped.keyVersion();
  }

  private static String disable(State s) {
    KeyMetadata key = s.kms.disableKey(ALIAS);
    expect(key.keyState() == KeyState.DISABLED, "the key to be Disabled");
    CofferException e =
        refused(
            ErrorCode.KEY_DISABLED,
            () -> s.kms.generateDataKey(GenerateDataKeyRequest.of(ALIAS, s.context)).close());
    return "Disabled: GenerateDataKey is refused with " + e.errorCode();
  }

  private static String enable(State s) {
    KeyMetadata key = s.kms.enableKey(ALIAS);
    expect(key.keyState() == KeyState.ENABLED, "the key to be Enabled");
    s.kms.generateDataKeyWithoutPlaintext(GenerateDataKeyRequest.of(ALIAS, s.context));
    return "Enabled: GenerateDataKey works again";
  }

  private static String scheduleDeletion(State s) {
    KeyMetadata key = s.kms.scheduleKeyDeletion(ALIAS, 7);
    expect(key.keyState() == KeyState.PENDING_DELETION, "the key to be PendingDeletion");
    Instant date = key.deletionDate().orElseThrow(() -> new DemoStep.Mismatch("no deletion date"));
    Duration until = Duration.between(Instant.now(), date);
    expect(
        until.compareTo(Duration.ofDays(6)) > 0 && until.compareTo(Duration.ofDays(8)) < 0,
        "a deletion date 7 days ahead");
    return "PendingDeletion: it will be destroyed on " + KeyText.date(date);
  }

  private static String cancelDeletion(State s) {
    KeyMetadata key = s.kms.cancelKeyDeletion(ALIAS);
    expect(key.keyState() == KeyState.DISABLED, "the key to come back Disabled");
    return "the key is back, Disabled, as KMS does";
  }

  private static String verifyAuditLog(State s) {
    AuditLog log = s.auditLog.orElseThrow(() -> new DemoStep.Mismatch("expected an audit log"));
    log.sign();
    VerificationReport report = log.verify();
    expect(report.intact(), "an intact audit log, but " + report.summary());
    List<AuditRecord> refused =
        log.query(AuditQuery.builder().outcome(AuditOutcome.ERROR).build()).records();
    expect(
        refused.stream().anyMatch(r -> r.errorCode().orElse("").equals("KEY_DISABLED"))
            && refused.stream().anyMatch(r -> r.errorCode().orElse("").equals("INTEGRITY_FAILURE")),
        "the refused calls in the trail too");
    List<AuditRecord> last =
        new ArrayList<>(
            log.query(AuditQuery.builder().newestFirst().limit(TRAIL).build()).records());
    Collections.reverse(last);
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(table, true, StandardCharsets.UTF_8)) {
      AuditText.trail(last).print(out);
    }
    return "intact: "
        + report.events()
        + " records, every call above including the refused ones, hash-chained and signed ("
        + report.digests()
        + " digest); the end of the trail:\n"
        + table.toString(StandardCharsets.UTF_8).stripTrailing().indent(6).stripTrailing();
  }

  static byte[] digest(Plaintext plaintext) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(plaintext.borrow(InsecureSecretAccess.get()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
