package dev.coffer.grpc.internal;

import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.Keystore;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Puts on the audit trail the requests the sidecar refuses before the engine or keystore runs them:
 * while turning them from protobuf into the embedded API's request types ({@link
 * RequestConverter}), or for the shape of a stream (a PutObject without its header). Such a request
 * never reaches the operation that would have recorded it, yet a remote caller's refused call
 * belongs on the trail as much as an embedded caller's, as CloudTrail records failed requests with
 * their error code. A request that passes conversion is recorded by its operation, never here, so
 * every call is recorded exactly once.
 *
 * <p>The record is the operation's event ({@link RequestEvent}) as the authenticated caller, with
 * the client's address and software, outcome ERROR and the refusal's error code and message, as the
 * engine records a refusal of its own. It fails closed as the operations do: if the record cannot
 * be written, the caller gets AUDIT_UNAVAILABLE instead of the refusal.
 */
final class RejectedRequests {
  private final Keystore keystore;
  private final Clock clock;

  RejectedRequests(Keystore keystore, Clock clock) {
    this.keystore = keystore;
    this.clock = clock;
  }

  /**
   * The request {@code conversion} makes of {@code message}. If it refuses the message, the refusal
   * is recorded as the failure of the event {@code event} describes, then thrown.
   *
   * @throws AuditUnavailableException instead, if that record cannot be written
   */
  <M, Q> Q convert(M message, Function<M, RequestEvent> event, Function<M, Q> conversion) {
    try {
      return conversion.apply(message);
    } catch (RuntimeException refusal) {
      throw refused(event.apply(message), refusal);
    }
  }

  /**
   * Records {@code refusal} as the failure of {@code event} and returns what the caller is to get:
   * the refusal, or, if the record cannot be written, an {@link AuditUnavailableException} with the
   * refusal suppressed under it.
   */
  RuntimeException refused(RequestEvent event, RuntimeException refusal) {
    // As the engine records a failure: a Coffer error with its code and message (written to name
    // resources only), anything else as an internal error without detail.
    Optional<CofferException> coffer =
        refusal instanceof CofferException e ? Optional.of(e) : Optional.empty();
    AuditEvent record =
        new AuditEvent(
            clock.instant(),
            event.source(),
            event.eventName(),
            Callers.current(),
            event.readOnly(),
            Optional.empty(),
            OptionalInt.empty(),
            EncryptionContext.empty(),
            event.parameters(),
            AuditOutcome.ERROR,
            coffer.map(CofferException::errorCode),
            Optional.of(coffer.map(CofferException::getMessage).orElse("internal error")),
            Optional.empty(),
            event.resources(),
            Optional.empty());
    try {
      keystore.audit(record);
    } catch (AuditUnavailableException unavailable) {
      unavailable.addSuppressed(refusal);
      return unavailable;
    }
    return refusal;
  }
}
