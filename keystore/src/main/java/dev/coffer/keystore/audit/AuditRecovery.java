package dev.coffer.keystore.audit;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What recovering a damaged audit log did ({@link
 * dev.coffer.keystore.Keystore.Builder#recoverAuditLog}): the damaged log was set aside unchanged,
 * and a new log continues the chain from the head the keystore had anchored, its first records a
 * signed digest and the {@code RecoverAuditLog} event.
 *
 * @param damaged what verifying the damaged log found: its first problem and how far it was intact
 * @param setAside where the damaged log now is, unchanged; empty when there was no log directory
 * @param continuesFrom the anchored head the new log continues from; 0 when the keystore had never
 *     anchored one, and the new log starts at record 1
 * @param recoveryRecord the sequence number of the {@code RecoverAuditLog} event in the new log
 * @param head the new log's head once recovery closed it: a signed digest, anchored in the keystore
 */
public record AuditRecovery(
    VerificationReport damaged,
    Optional<Path> setAside,
    long continuesFrom,
    long recoveryRecord,
    AuditHead head) {

  public AuditRecovery {
    Objects.requireNonNull(damaged, "damaged");
    Objects.requireNonNull(setAside, "setAside");
    Objects.requireNonNull(head, "head");
    if (damaged.intact()) {
      throw new IllegalArgumentException("an intact log is not recovered");
    }
  }

  /** The first problem verification found in the damaged log. */
  public VerificationReport.Problem problem() {
    return damaged.problem().orElseThrow();
  }
}
