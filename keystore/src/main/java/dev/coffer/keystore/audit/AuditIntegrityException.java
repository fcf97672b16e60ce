package dev.coffer.keystore.audit;

import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.ErrorCode;
import java.util.Objects;
import java.util.Optional;

/**
 * The audit log failed its checks when opened: damaged, edited, or cut back behind the head the
 * keystore remembers. Nothing is written to such a log and the keystore does not open on it (fail
 * closed); the report names the first bad record. A query or export that reaches a damaged record
 * fails with it too, naming that record in the message.
 */
public class AuditIntegrityException extends CofferException {
  private static final long serialVersionUID = 1L;

  private final transient VerificationReport report;

  public AuditIntegrityException(String message, VerificationReport report) {
    super(ErrorCode.AUDIT_INTEGRITY_FAILURE, message);
    this.report = Objects.requireNonNull(report, "report");
  }

  /** The failure as a sidecar relays it: the message only, the report stays on the server. */
  public AuditIntegrityException(String message) {
    super(ErrorCode.AUDIT_INTEGRITY_FAILURE, message);
    this.report = null;
  }

  /**
   * What verification found; empty when the failure was relayed by a sidecar, or met by a query,
   * which does not verify.
   */
  public Optional<VerificationReport> report() {
    return Optional.ofNullable(report);
  }
}
