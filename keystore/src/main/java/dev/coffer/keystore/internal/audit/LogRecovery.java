package dev.coffer.keystore.internal.audit;

import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.audit.AuditHead;
import dev.coffer.keystore.audit.AuditIntegrityException;
import dev.coffer.keystore.audit.AuditLogConfig;
import dev.coffer.keystore.audit.AuditRecovery;
import dev.coffer.keystore.audit.VerificationReport;
import dev.coffer.keystore.internal.model.AuditState;
import dev.coffer.keystore.internal.store.DirectoryLock;
import dev.coffer.keystore.internal.store.DurableFile;
import dev.coffer.keystore.internal.store.PrivateDirectories;
import dev.coffer.keystore.internal.store.StateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Gets a data directory going again after its audit log was damaged. The log fails closed, so a
 * damaged one keeps the keystore from opening (damage in the last segment) or fails every {@code
 * audit verify} (damage further back); restoring a backup loses everything done since it. Recovery
 * instead renames the whole log directory aside, unchanged, as evidence, and begins a new log that
 * continues the chain from the head the keystore had anchored: its first record is a signed digest
 * naming that head (reason {@value #DIGEST_REASON}), its second the {@code RecoverAuditLog} event
 * saying what was wrong, where the old log went, who recovered it and why.
 *
 * <p>Verification of the new log starts at that digest, as it does for a log retention trimmed, and
 * so does the object store's check of the head it remembers, which lies at or before the anchored
 * one. Records the damaged log holds after the anchored head were never vouched for by the keystore
 * and stay in the set-aside copy only; the new log numbers its records from the anchored head on.
 *
 * <p>Safe to repeat after a crash: the new directory holds a {@value #MARKER} file naming where the
 * damaged log went until the new log's event is durable, and an open refuses a directory that holds
 * one. The next run sets aside what the interrupted one had begun, and its event still names the
 * damaged log, with the problem verification finds there.
 */
public final class LogRecovery {
  /** The reason in the signed digest a recovered log starts with. */
  static final String DIGEST_REASON = "recovery";

  /**
   * A file in the new log's directory naming where the damaged log went, until the new log holds
   * the event that says so: a run interrupted before then leaves it for the next run to name.
   */
  static final String MARKER = "RECOVERING";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private LogRecovery() {}

  /**
   * Recovers the log of {@code config} for the keystore in {@code store}, which the caller holds
   * open (and so locked) without a log.
   *
   * @throws InvalidStateException if the log verifies intact, or the keystore never kept one
   * @throws dev.coffer.keystore.KeystoreUnavailableException if the keystore is older than the log
   *     (an old copy of the keystore is not a damaged log)
   * @throws AuditUnavailableException if the log cannot be read, set aside or begun anew
   */
  public static AuditRecovery recover(
      AuditLogConfig config,
      StateStore store,
      Clock clock,
      LogHook hook,
      Principal operator,
      String reason) {
    if (store.current().auditState().isEmpty()) {
      throw new InvalidStateException(
          "this keystore has never kept an audit log: there is nothing to recover");
    }
    LogAnchor anchor = new StoreAnchor(store);
    Path directory = config.directory();
    Optional<Path> earlier = readMarker(directory);
    VerificationReport found = damage(config, anchor, clock, hook);
    // What an interrupted run found is in the log it set aside; this directory now holds only
    // what it had begun.
    VerificationReport damaged =
        earlier.flatMap(p -> verifySetAside(p, anchor)).filter(r -> !r.intact()).orElse(found);
    Optional<Path> setAside = setAside(directory, clock);
    // After an interrupted run, the damaged log is where that run put it; what this run set
    // aside is what the interrupted run had begun.
    Optional<Path> damagedLog = earlier.isPresent() ? earlier : setAside;
    Optional<Path> interrupted = earlier.isPresent() ? setAside : Optional.empty();
    Optional<AuditState.Head> from = anchor.state().head();
    try {
      PrivateDirectories.create(directory);
    } catch (IOException e) {
      throw new AuditUnavailableException(
          "cannot create the audit log directory " + directory + ": " + e.getMessage(), e);
    }
    DirectoryLock lock = DirectoryLock.acquire(directory, "audit log");
    FileAuditLog log;
    try {
      if (damagedLog.isPresent()) {
        DurableFile.replace(
            directory.resolve(MARKER), bytes(damagedLog.get()), DurableFile.StepHook.NONE);
      }
      log = LogOpener.restart(config, anchor, clock, hook, lock, from);
    } catch (IOException e) {
      closeQuietly(lock);
      throw new AuditUnavailableException(
          "cannot begin a new audit log in " + directory + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(lock);
      throw e;
    }
    long recoveryRecord;
    try {
      log.append(
          OwnEvents.logRecovered(
              clock.instant(), operator, reason, damaged, damagedLog, interrupted, from));
      recoveryRecord = log.head().sequence();
      // Durable and anchored before the marker goes: until then the directory stays refused.
      log.sign();
      Files.deleteIfExists(directory.resolve(MARKER));
      DurableFile.syncDirectory(directory);
    } catch (IOException e) {
      closeAfterFailure(log, e);
      throw new AuditUnavailableException(
          "cannot finish the recovery of " + directory + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAfterFailure(log, e);
      throw e;
    }
    log.close();
    AuditState.Head head = anchor.state().head().orElseThrow();
    return new AuditRecovery(
        damaged,
        damagedLog,
        from.map(AuditState.Head::sequence).orElse(0L),
        recoveryRecord,
        new AuditHead(head.sequence(), HexFormat.of().formatHex(head.hash())));
  }

  /**
   * What is wrong with the log: the report that refused its open, or, when it opens (damage before
   * its last segment), a full verification's. Opening first also repairs what an ordinary open
   * repairs (a torn tail), so that only damage leads to recovery.
   */
  private static VerificationReport damage(
      AuditLogConfig config, LogAnchor anchor, Clock clock, LogHook hook) {
    VerificationReport report;
    try {
      FileAuditLog log = LogOpener.open(config, anchor, clock, hook);
      try {
        report = log.verify();
      } finally {
        log.close();
      }
    } catch (AuditIntegrityException e) {
      report = e.report().orElseThrow(() -> e);
      if (report.intact()) {
        // The open's own checks refused what the full walk accepts: name what the open found.
        report =
            new VerificationReport(
                report.firstSequence(),
                report.lastSequence(),
                report.events(),
                report.digests(),
                report.lastDigestSequence(),
                report.unsignedRecords(),
                report.startsAt(),
                Optional.of(
                    new VerificationReport.Problem(
                        VerificationReport.Kind.EDITED,
                        report.lastSequence() + 1,
                        config.directory().toString(),
                        0,
                        e.getMessage())));
      }
      return report;
    }
    if (report.intact()) {
      throw new InvalidStateException(
          "nothing to recover in " + config.directory() + ": " + report.summary());
    }
    return report;
  }

  /**
   * Renames the log directory to a sibling named for the time; empty if there is none, or it holds
   * no segment (the refused opens before recovery create the directory and its lock file).
   */
  private static Optional<Path> setAside(Path directory, Clock clock) {
    try {
      if (!Files.exists(directory) || SegmentFiles.list(directory).isEmpty()) {
        return Optional.empty();
      }
    } catch (IOException e) {
      throw new AuditUnavailableException(
          "cannot read the audit log directory " + directory + ": " + e.getMessage(), e);
    }
    String base =
        directory.getFileName()
            + ".damaged-"
            + STAMP.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    // No process may have the log open while it moves (the keystore's lock already keeps out any
    // that opens it through the keystore).
    DirectoryLock lock = DirectoryLock.acquire(directory, "audit log");
    try {
      Path target = directory.resolveSibling(base);
      for (int n = 2; Files.exists(target); n++) {
        target = directory.resolveSibling(base + "-" + n);
      }
      // A rename, never a copy: the evidence stays byte for byte what it was.
      Files.move(directory, target, StandardCopyOption.ATOMIC_MOVE);
      DurableFile.syncDirectory(directory.toAbsolutePath().getParent());
      return Optional.of(target);
    } catch (IOException e) {
      throw new AuditUnavailableException(
          "cannot set the damaged audit log "
              + directory
              + " aside (it must be renamed within its parent directory): "
              + e.getMessage(),
          e);
    } finally {
      closeQuietly(lock);
    }
  }

  /** A full verification of the log an interrupted run set aside, if it can be read. */
  private static Optional<VerificationReport> verifySetAside(Path setAside, LogAnchor anchor) {
    try {
      return Optional.of(
          new LogVerifier(SigningKeys.parse(anchor.state().signingKeyset()).verifier())
              .verify(
                  SegmentFiles.list(setAside),
                  anchor.state().head().map(LogVerifier.Head::of),
                  0,
                  Long.MAX_VALUE));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Where an interrupted run put the damaged log, if one was interrupted in this directory. */
  private static Optional<Path> readMarker(Path directory) {
    Path marker = directory.resolve(MARKER);
    try {
      if (!Files.isRegularFile(marker)) {
        return Optional.empty();
      }
      String text = Files.readString(marker, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(Path.of(text));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable: the event then names only what this run set aside
    }
  }

  private static byte[] bytes(Path path) {
    return (path.toString() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void closeAfterFailure(FileAuditLog log, Exception failure) {
    try {
      log.close();
    } catch (RuntimeException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }

  private static void closeQuietly(DirectoryLock lock) {
    try {
      lock.close();
    } catch (IOException ignored) {
      // The failure being reported matters more.
    }
  }
}
