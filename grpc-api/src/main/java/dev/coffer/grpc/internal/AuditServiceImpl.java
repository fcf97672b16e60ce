package dev.coffer.grpc.internal;

import dev.coffer.api.v1.AuditServiceGrpc;
import dev.coffer.api.v1.GetDigestPublicKeyRequest;
import dev.coffer.api.v1.GetDigestPublicKeyResponse;
import dev.coffer.api.v1.QueryAuditEventsRequest;
import dev.coffer.api.v1.QueryAuditEventsResponse;
import dev.coffer.api.v1.VerifyAuditLogRequest;
import dev.coffer.api.v1.VerifyAuditLogResponse;
import dev.coffer.engine.Coffer;
import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.audit.AuditLog;
import dev.coffer.keystore.audit.AuditQuery;
import dev.coffer.keystore.policy.PolicyDecider;
import dev.coffer.keystore.policy.PolicyDecision;
import dev.coffer.keystore.policy.RequestContext;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * AuditService over the store's {@link AuditLog}. Reading the log is an administrative action:
 * every call is authorized as {@value #ACTION} on {@code *} against the caller's identity policies
 * (the account root and the keystore's administrators have it implicitly), and recorded in the log
 * itself, allowed or denied, before anything is read; a malformed request (a limit out of range, a
 * filter or range that cannot be read) is recorded as refused, before authorization, as the engine
 * checks its arguments first too. A store without an audit log answers AUDIT_UNAVAILABLE.
 */
public final class AuditServiceImpl extends AuditServiceGrpc.AuditServiceImplBase {
  /** The IAM action that reading or verifying the audit log needs. */
  public static final String ACTION = "coffer:ReadAuditLog";

  static final String NO_LOG = "this store keeps no audit log";

  private final Coffer coffer;
  private final Clock clock;
  private final RejectedRequests rejected;

  public AuditServiceImpl(Coffer coffer) {
    this(coffer, Clock.systemUTC());
  }

  AuditServiceImpl(Coffer coffer, Clock clock) {
    this.coffer = coffer;
    this.clock = clock;
    this.rejected = new RejectedRequests(coffer.keystore(), clock);
  }

  @Override
  public void queryAuditEvents(
      QueryAuditEventsRequest r, StreamObserver<QueryAuditEventsResponse> out) {
    if (Context.current().isCancelled()) {
      return;
    }
    AuditLog log;
    try {
      Map<String, String> parameters =
          rejected.convert(
              r,
              // The filters that are plain names, under the names the allowed call records.
              m ->
                  RequestEvent.admin("QueryAuditEvents")
                      .with("principal", m.getPrincipal())
                      .with("eventName", m.getEventName())
                      .with("keyFilter", m.getKey())
                      .with("bucketFilter", m.getBucket())
                      .with("prefix", m.getObjectKeyPrefix()),
              AuditServiceImpl::checkedQuery);
      log = authorized("QueryAuditEvents", parameters);
    } catch (RuntimeException e) {
      out.onError(StatusMapper.toStatus(e));
      return;
    }
    new AuditQueryCall((ServerCallStreamObserver<QueryAuditEventsResponse>) out, log, r).start();
  }

  @Override
  public void verifyAuditLog(VerifyAuditLogRequest r, StreamObserver<VerifyAuditLogResponse> out) {
    Unary.answer(
        out,
        () -> {
          Map<String, String> parameters =
              rejected.convert(
                  r, m -> RequestEvent.admin("VerifyAuditLog"), AuditServiceImpl::checkedRange);
          AuditLog log = authorized("VerifyAuditLog", parameters);
          return AuditCodec.toProto(
              r.hasFirstSequence()
                  ? log.verify(r.getFirstSequence(), r.getLastSequence())
                  : log.verify());
        });
  }

  @Override
  public void getDigestPublicKey(
      GetDigestPublicKeyRequest r, StreamObserver<GetDigestPublicKeyResponse> out) {
    Unary.answer(
        out,
        () -> {
          AuditLog log = authorized("GetDigestPublicKey", Map.of());
          return GetDigestPublicKeyResponse.newBuilder()
              .setPublicKeyPem(log.publicKeyPem())
              .setPublicKeysetJson(log.publicKeysetJson())
              .build();
        });
  }

  /**
   * The parameters a verification is recorded with, once its range is known to be well formed.
   *
   * @throws InvalidArgumentException for half a range, or one out of order
   */
  private static Map<String, String> checkedRange(VerifyAuditLogRequest r) {
    if (r.hasFirstSequence() != r.hasLastSequence()) {
      throw new InvalidArgumentException("first_sequence and last_sequence go together");
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    if (r.hasFirstSequence()) {
      if (r.getFirstSequence() < 1 || r.getLastSequence() < r.getFirstSequence()) {
        throw new InvalidArgumentException(
            "the range must satisfy 1 <= first_sequence <= last_sequence");
      }
      parameters.put("firstSequence", Long.toString(r.getFirstSequence()));
      parameters.put("lastSequence", Long.toString(r.getLastSequence()));
    }
    return parameters;
  }

  /**
   * The parameters a query is recorded with, once its limit and filters are known to be well
   * formed.
   *
   * @throws InvalidArgumentException for a limit out of range or a filter that cannot be read
   */
  private static Map<String, String> checkedQuery(QueryAuditEventsRequest r) {
    if (r.getLimit() < 0 || r.getLimit() > AuditQuery.MAX_LIMIT) {
      throw new InvalidArgumentException("limit must be 0 (no limit) to " + AuditQuery.MAX_LIMIT);
    }
    AuditCodec.fromProto(r, 1);
    return queryParameters(r);
  }

  private static Map<String, String> queryParameters(QueryAuditEventsRequest r) {
    Map<String, String> p = new LinkedHashMap<>();
    if (r.hasSince()) {
      p.put("since", Times.fromProto(r.getSince()).toString());
    }
    if (r.hasUntil()) {
      p.put("until", Times.fromProto(r.getUntil()).toString());
    }
    if (r.hasPrincipal()) {
      p.put("principal", r.getPrincipal());
    }
    if (r.hasEventName()) {
      p.put("eventName", r.getEventName());
    }
    if (r.hasKey()) {
      p.put("keyFilter", r.getKey());
    }
    if (r.hasBucket()) {
      p.put("bucketFilter", r.getBucket());
    }
    if (r.hasObjectKeyPrefix()) {
      p.put("prefix", r.getObjectKeyPrefix());
    }
    AuditCodec.fromProto(r.getOutcome()).ifPresent(o -> p.put("outcome", o.name()));
    p.put("order", r.getNewestFirst() ? "newestFirst" : "oldestFirst");
    p.put("limit", Long.toString(r.getLimit()));
    return p;
  }

  /**
   * Authorizes the current caller to read the audit log, records the call (allowed or denied) and
   * returns the log.
   *
   * @throws AccessDeniedException if no identity policy allows {@value #ACTION}
   * @throws AuditUnavailableException if the store keeps no audit log, or the call's own record
   *     could not be written
   */
  private AuditLog authorized(String rpc, Map<String, String> parameters) {
    Caller caller = Callers.current();
    Keystore keystore = coffer.keystore();
    RequestContext.Builder request =
        RequestContext.builder().caller(caller).action(ACTION).resource("*").time(clock.instant());
    PolicyDecision decision =
        PolicyDecider.decide(
            PolicyDecider.Model.ACCOUNT,
            keystore.account(),
            Optional.empty(),
            keystore.identityPolicies(caller.principal()),
            Optional.empty(),
            request.build());
    String why = decision.explanation();
    Optional<AuditLog> log = keystore.auditLog();
    if (!decision.allowed()) {
      String message =
          caller.principal() + " is not authorized to perform " + ACTION + " (" + why + ")";
      record(rpc, caller, parameters, AuditOutcome.DENIED, ErrorCode.ACCESS_DENIED, message, why);
      throw new AccessDeniedException(message, why);
    }
    if (log.isEmpty()) {
      record(rpc, caller, parameters, AuditOutcome.ERROR, ErrorCode.AUDIT_UNAVAILABLE, NO_LOG, why);
      throw new AuditUnavailableException(NO_LOG);
    }
    record(rpc, caller, parameters, AuditOutcome.ALLOWED, null, null, why);
    return log.get();
  }

  private void record(
      String rpc,
      Caller caller,
      Map<String, String> parameters,
      AuditOutcome outcome,
      ErrorCode error,
      String message,
      String explanation) {
    coffer
        .keystore()
        .audit(
            new AuditEvent(
                clock.instant(),
                "admin",
                rpc,
                caller,
                true,
                Optional.empty(),
                OptionalInt.empty(),
                EncryptionContext.empty(),
                parameters,
                outcome,
                Optional.ofNullable(error),
                Optional.ofNullable(message),
                Optional.of(explanation)));
  }
}
