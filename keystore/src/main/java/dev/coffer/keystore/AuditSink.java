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
   * Called before the keystore commits a change that the next event will describe, so that a sink
   * known to be unable to record it refuses the change instead of leaving it unrecorded. Throw if
   * the next {@link #append} would fail (the log is closed, failed, or out of space); the keystore
   * then changes nothing and the caller gets {@link AuditUnavailableException}. Must be fast: it
   * runs under the keystore's write lock. The default does nothing.
   *
   * @throws RuntimeException if an event cannot be recorded now
   */
  default void ensureAvailable() {}

  /**
   * A sink that keeps nothing. For tests and for embedders with their own trail; a Coffer data
   * directory uses the audit log instead.
   */
  static AuditSink discarding() {
    return event -> {};
  }
}
