package dev.coffer.keystore;

/**
 * Where the keystore sends one {@link AuditEvent} per operation. The keystore fails closed: if
 * {@link #append} throws, the operation's result is withheld and the caller gets {@link
 * AuditUnavailableException}. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AuditSink {
  /**
   * Records an event durably enough for the deployment, before returning.
   *
   * @throws RuntimeException if the event cannot be recorded
   */
  void append(AuditEvent event);

  /**
   * A sink that keeps nothing. For tests and for embedders with their own trail; a Coffer data
   * directory uses the audit log instead.
   */
  static AuditSink discarding() {
    return event -> {};
  }
}
