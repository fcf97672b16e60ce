package dev.coffer.keystore.internal.audit;

import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeystoreUnavailableException;
import dev.coffer.keystore.audit.AuditIntegrityException;
import dev.coffer.keystore.audit.AuditLogConfig;
import dev.coffer.keystore.audit.VerificationReport;
import dev.coffer.keystore.internal.model.AuditState;
import dev.coffer.keystore.internal.store.DirectoryLock;
import dev.coffer.keystore.internal.store.DurableFile;
import dev.coffer.keystore.internal.store.PrivateDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Opens a log: locks its directory, recovers the tail, checks it against the head and generation
 * the keystore remembers, and positions the writer. Refuses (fail closed) a log that is damaged,
 * cut back, or signed by another key, and a keystore older than the log has seen.
 */
final class LogOpener {
  private LogOpener() {}

  static FileAuditLog open(AuditLogConfig config, LogAnchor anchor, Clock clock, LogHook hook) {
    Path directory = config.directory();
    try {
      PrivateDirectories.create(directory);
    } catch (IOException e) {
      throw new AuditUnavailableException(
          "cannot create the audit log directory " + directory + ": " + e.getMessage(), e);
    }
    DirectoryLock lock;
    try {
      lock = DirectoryLock.acquire(directory, "audit log");
    } catch (KeystoreUnavailableException e) {
      if (e.errorCode() == ErrorCode.STORAGE_FAILURE) {
        throw new AuditUnavailableException(
            "cannot lock the audit log " + directory + ": " + e.getCause().getMessage(), e);
      }
      throw e;
    }
    try {
      if (Files.exists(directory.resolve(LogRecovery.MARKER))) {
        throw interruptedRecovery(directory);
      }
      return open(config, anchor, clock, hook, lock);
    } catch (RuntimeException e) {
      try {
        lock.close();
      } catch (IOException ignored) {
        // The refusal is what matters.
      }
      throw e;
    }
  }

  private static FileAuditLog open(
      AuditLogConfig config, LogAnchor anchor, Clock clock, LogHook hook, DirectoryLock lock) {
    Path directory = config.directory();
    AuditState state = anchor.state();
    SigningKeys keys;
    try {
      keys = SigningKeys.parse(state.signingKeyset());
    } catch (GeneralSecurityException e) {
      throw new KeystoreUnavailableException(
          ErrorCode.INTEGRITY_FAILURE, "the keystore's audit signing key is unreadable", e);
    }
    Optional<LogVerifier.Head> head = state.head().map(LogVerifier.Head::of);
    try {
      List<SegmentFiles.Segment> segments = SegmentFiles.list(directory);
      TailRecovery.Tail tail = null;
      if (!segments.isEmpty()) {
        try {
          tail = new TailRecovery(keys.verifier()).recover(segments, head);
        } catch (TailRecovery.Refused refused) {
          throw refusal(directory, keys, head, refused.getMessage());
        }
      }
      if (tail == null && head.isPresent()) {
        throw refusal(directory, keys, head, "the log is empty");
      }
      if (tail != null && tail.lastDigestGeneration() > anchor.keystoreGeneration()) {
        throw new KeystoreUnavailableException(
            ErrorCode.ROLLBACK_DETECTED,
            "keystore generation "
                + anchor.keystoreGeneration()
                + " is older than generation "
                + tail.lastDigestGeneration()
                + " recorded in the audit log "
                + directory
                + ": this is an old copy of the keystore");
      }
      SegmentWriter writer;
      if (tail == null) {
        writer = SegmentWriter.create(directory, 1, config.segmentSize(), hook);
        DurableFile.syncDirectory(directory);
      } else {
        writer =
            SegmentWriter.resume(
                tail.segment().path(),
                tail.segment().firstSequence(),
                tail.dataEnd(),
                config.segmentSize(),
                hook);
      }
      FileAuditLog log = new FileAuditLog(config, clock, anchor, hook, lock, keys, writer, tail);
      try {
        if (tail != null && tail.segmentNeedsDigest()) {
          log.digestOnOpen();
        }
        if (tail != null && tail.cut().isPresent()) {
          log.append(OwnEvents.tornWriteCut(clock.instant(), tail.cut().get()));
        }
        log.applyRetention();
      } catch (RuntimeException e) {
        log.close();
        throw e;
      }
      return log;
    } catch (IOException e) {
      throw new AuditUnavailableException(
          "cannot open the audit log " + directory + ": " + e.getMessage(), e);
    }
  }

  /**
   * Begins the log anew in {@code lock}'s directory, which holds no segment: from record 1 when the
   * keystore never anchored a head, otherwise with a segment at the record after {@code from} whose
   * first record is a signed digest continuing the chain from that head. Used by {@link
   * LogRecovery} once the damaged log is set aside.
   */
  static FileAuditLog restart(
      AuditLogConfig config,
      LogAnchor anchor,
      Clock clock,
      LogHook hook,
      DirectoryLock lock,
      Optional<AuditState.Head> from) {
    if (from.isEmpty()) {
      return open(config, anchor, clock, hook, lock);
    }
    SigningKeys keys;
    try {
      keys = SigningKeys.parse(anchor.state().signingKeyset());
    } catch (GeneralSecurityException e) {
      throw new KeystoreUnavailableException(
          ErrorCode.INTEGRITY_FAILURE, "the keystore's audit signing key is unreadable", e);
    }
    AuditState.Head head = from.get();
    long first = head.sequence() + 1;
    SegmentWriter writer;
    try {
      writer = SegmentWriter.create(config.directory(), first, config.segmentSize(), hook);
      DurableFile.syncDirectory(config.directory());
    } catch (IOException e) {
      throw new AuditUnavailableException(
          "cannot begin a new audit log in " + config.directory() + ": " + e.getMessage(), e);
    }
    // The chain continues from the anchored head, which is itself a digest: the new log's first
    // digest names it as the previous one, though only its hash (not its signature) is known.
    TailRecovery.Tail tail =
        new TailRecovery.Tail(
            new SegmentFiles.Segment(writer.path, first, Long.MAX_VALUE),
            SegmentFormat.HEADER_SIZE,
            first,
            head.hash(),
            head.sequence(),
            new byte[0],
            anchor.keystoreGeneration(),
            0,
            0,
            0,
            true,
            Optional.empty());
    FileAuditLog log = new FileAuditLog(config, clock, anchor, hook, lock, keys, writer, tail);
    try {
      log.digestOnRestart();
    } catch (RuntimeException e) {
      log.close();
      throw e;
    }
    return log;
  }

  /**
   * A recovery stopped before the new log recorded why it began ({@link LogRecovery#MARKER} is
   * still there): the log may verify, but without that record it would not say what happened.
   */
  private static AuditIntegrityException interruptedRecovery(Path directory) {
    String detail =
        "a `coffer audit recover` was interrupted before the new log recorded why it began; run"
            + " it again";
    return new AuditIntegrityException(
        "the audit log " + directory + " is refused: " + detail,
        new VerificationReport(
            0,
            0,
            0,
            0,
            0,
            0,
            "nothing (not verified)",
            Optional.of(
                new VerificationReport.Problem(
                    VerificationReport.Kind.MISSING, 0, LogRecovery.MARKER, 0, detail))));
  }

  /** The open is refused: the full verifier names the first bad record. */
  private static AuditIntegrityException refusal(
      Path directory, SigningKeys keys, Optional<LogVerifier.Head> head, String finding)
      throws IOException {
    VerificationReport report =
        new LogVerifier(keys.verifier())
            .verify(SegmentFiles.list(directory), head, 0, Long.MAX_VALUE);
    return new AuditIntegrityException(
        "the audit log "
            + directory
            + " failed verification, so the keystore does not open on it: "
            + report.problem().map(Object::toString).orElse(finding),
        report);
  }
}
