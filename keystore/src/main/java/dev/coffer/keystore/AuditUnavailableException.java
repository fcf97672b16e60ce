package dev.coffer.keystore;

/**
 * The audit record of an operation could not be written, so the operation was refused (fail
 * closed).
 */
public class AuditUnavailableException extends CofferException {
  private static final long serialVersionUID = 1L;

  public AuditUnavailableException(String message) {
    super(ErrorCode.AUDIT_UNAVAILABLE, message);
  }

  public AuditUnavailableException(String message, Throwable cause) {
    super(ErrorCode.AUDIT_UNAVAILABLE, message, cause);
  }
}
