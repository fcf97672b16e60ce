package dev.coffer.keystore.internal.audit;

import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The events the log records about itself, with event source {@code audit} and principal {@code
 * coffer:audit}: a torn write it cut when opened, and segments retention removed. Whatever changes
 * the log leaves a record in it.
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

  private static AuditEvent event(
      Instant now, String name, Map<String, String> parameters, String explanation) {
    return new AuditEvent(
        now,
        SOURCE,
        name,
        AUDIT,
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
