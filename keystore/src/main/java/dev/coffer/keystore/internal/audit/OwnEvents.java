package dev.coffer.keystore.internal.audit;

import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.audit.VerificationReport;
import dev.coffer.keystore.internal.model.AuditState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The events the log records about itself, with event source {@code audit} and principal {@code
 * coffer:audit}: a torn write it cut when opened, and segments retention removed; and the recovery
 * of a damaged log, by the operator who ran it. Whatever changes the log leaves a record in it.
 */
final class OwnEvents {
  static final String SOURCE = "audit";
  static final Caller AUDIT = Caller.of(Principal.of("coffer:audit"));

  private OwnEvents() {}

  static AuditEvent tornWriteCut(Instant now, TailRecovery.Cut cut) {
    return event(
        now,
        "RecoverTornWrite",
        Map.of(
            "segment", cut.segment(),
            "offset", Long.toString(cut.offset()),
            "bytesDiscarded", Long.toString(cut.bytes()),
            "incompleteSequenceNumber", Long.toString(cut.sequence())),
        "performed by the audit log when it was opened: the last write was interrupted");
  }

  static AuditEvent retention(Instant now, Retention.Result result, Duration retention) {
    return event(
        now,
        "RemoveExpiredSegments",
        Map.of(
            "segmentsRemoved", Integer.toString(result.removed()),
            "firstRemainingSequenceNumber", Long.toString(result.firstRemaining()),
            "retention", retention.toString()),
        "performed by the audit log: every record in the removed segments was older than the"
            + " retention period");
  }

  /**
   * The first event of a log begun anew by {@link LogRecovery}, by the operator who ran it: what
   * was wrong with the old log, where it went, and where the new one continues from.
   */
  static AuditEvent logRecovered(
      Instant now,
      Principal operator,
      String reason,
      VerificationReport damaged,
      Optional<Path> setAside,
      Optional<Path> interruptedRun,
      Optional<AuditState.Head> from) {
    VerificationReport.Problem problem = damaged.problem().orElseThrow();
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("problem", problem.kind().name());
    parameters.put("problemSequenceNumber", Long.toString(problem.sequence()));
    parameters.put("problemSegment", problem.segment());
    parameters.put("problemDetail", problem.detail());
    parameters.put("damagedLogIntactFrom", Long.toString(damaged.firstSequence()));
    parameters.put("damagedLogIntactThrough", Long.toString(damaged.lastSequence()));
    parameters.put("damagedLogSetAsideAt", setAside.map(Path::toString).orElse("(no directory)"));
    interruptedRun.ifPresent(p -> parameters.put("interruptedRecoverySetAsideAt", p.toString()));
    parameters.put(
        "continuesFromSequenceNumber",
        Long.toString(from.map(AuditState.Head::sequence).orElse(0L)));
    from.ifPresent(h -> parameters.put("continuesFromHash", HexFormat.of().formatHex(h.hash())));
    if (!reason.isBlank()) {
      parameters.put("reason", reason);
    }
    return event(
        now,
        Caller.of(operator),
        "RecoverAuditLog",
        parameters,
        "performed by an operator holding the keystore's root key: the damaged log was set aside"
            + " unchanged, and this log continues the chain from the head the keystore had"
            + " anchored");
  }

  private static AuditEvent event(
      Instant now, String name, Map<String, String> parameters, String explanation) {
    return event(now, AUDIT, name, parameters, explanation);
  }

  private static AuditEvent event(
      Instant now, Caller caller, String name, Map<String, String> parameters, String explanation) {
    return new AuditEvent(
        now,
        SOURCE,
        name,
        caller,
        false,
        Optional.empty(),
        OptionalInt.empty(),
        EncryptionContext.empty(),
        parameters,
        AuditOutcome.ALLOWED,
        Optional.empty(),
        Optional.empty(),
        Optional.of(explanation),
        List.of(),
        Optional.empty());
  }
}
