package dev.coffer.grpc.internal;

import dev.coffer.api.v1.AuditEvent;
import dev.coffer.api.v1.AuditProblem;
import dev.coffer.api.v1.AuditProblemKind;
import dev.coffer.api.v1.QueryAuditEventsRequest;
import dev.coffer.api.v1.VerifyAuditLogResponse;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.audit.AuditQuery;
import dev.coffer.keystore.audit.AuditRecord;
import dev.coffer.keystore.audit.VerificationReport;
import java.util.Optional;
import java.util.OptionalInt;

/** Audit records, queries and verification reports to and from their protobuf forms. */
public final class AuditCodec {
  private AuditCodec() {}

  // ---- outcomes

  static dev.coffer.api.v1.AuditOutcome toProto(AuditOutcome o) {
    return switch (o) {
      case ALLOWED -> dev.coffer.api.v1.AuditOutcome.AUDIT_OUTCOME_ALLOWED;
      case DENIED -> dev.coffer.api.v1.AuditOutcome.AUDIT_OUTCOME_DENIED;
      case ERROR -> dev.coffer.api.v1.AuditOutcome.AUDIT_OUTCOME_ERROR;
    };
  }

  /** Empty for UNSPECIFIED (any outcome). */
  static Optional<AuditOutcome> fromProto(dev.coffer.api.v1.AuditOutcome o) {
    return switch (o) {
      case AUDIT_OUTCOME_ALLOWED -> Optional.of(AuditOutcome.ALLOWED);
      case AUDIT_OUTCOME_DENIED -> Optional.of(AuditOutcome.DENIED);
      case AUDIT_OUTCOME_ERROR -> Optional.of(AuditOutcome.ERROR);
      case AUDIT_OUTCOME_UNSPECIFIED -> Optional.empty();
      // UNRECOGNIZED: a number this server does not know (getNumber() would throw for it).
      default ->
          throw new InvalidArgumentException(
              "unknown audit outcome: use ALLOWED, DENIED, ERROR or leave it unspecified");
    };
  }

  // ---- queries

  /** The request for one query; {@code limit} 0 asks for every matching event. */
  public static QueryAuditEventsRequest toProto(AuditQuery q, long limit) {
    QueryAuditEventsRequest.Builder b = QueryAuditEventsRequest.newBuilder();
    q.since().ifPresent(t -> b.setSince(Times.toProto(t)));
    q.until().ifPresent(t -> b.setUntil(Times.toProto(t)));
    q.principal().ifPresent(b::setPrincipal);
    q.eventName().ifPresent(b::setEventName);
    q.key().ifPresent(b::setKey);
    q.bucket().ifPresent(b::setBucket);
    q.objectKeyPrefix().ifPresent(b::setObjectKeyPrefix);
    q.outcome().ifPresent(o -> b.setOutcome(toProto(o)));
    q.resumeToken().ifPresent(b::setResumeToken);
    return b.setNewestFirst(q.order() == AuditQuery.Order.NEWEST_FIRST).setLimit(limit).build();
  }

  /** The request's filters and order as a query with this page size, from its resume token. */
  static AuditQuery fromProto(QueryAuditEventsRequest r, int pageSize) {
    AuditQuery.Builder q = AuditQuery.builder().limit(pageSize);
    if (r.hasSince()) {
      q.since(Times.fromProto(r.getSince()));
    }
    if (r.hasUntil()) {
      q.until(Times.fromProto(r.getUntil()));
    }
    if (r.hasPrincipal()) {
      q.principal(r.getPrincipal());
    }
    if (r.hasEventName()) {
      q.eventName(r.getEventName());
    }
    if (r.hasKey()) {
      q.key(r.getKey());
    }
    if (r.hasBucket()) {
      q.bucket(r.getBucket());
    }
    if (r.hasObjectKeyPrefix()) {
      q.objectKeyPrefix(r.getObjectKeyPrefix());
    }
    fromProto(r.getOutcome()).ifPresent(q::outcome);
    if (r.getNewestFirst()) {
      q.newestFirst();
    }
    if (!r.getResumeToken().isEmpty()) {
      q.resumeToken(r.getResumeToken());
    }
    return q.build();
  }

  // ---- records

  static AuditEvent toProto(AuditRecord r) {
    AuditEvent.Builder b =
        AuditEvent.newBuilder()
            .setSequence(r.sequence())
            .setEventId(r.eventId())
            .setEventVersion(r.eventVersion())
            .setEventTime(Times.toProto(r.eventTime()))
            .setEventSource(r.eventSource())
            .setEventName(r.eventName())
            .setPrincipal(r.principal())
            .setSecureTransport(r.secureTransport())
            .setReadOnly(r.readOnly())
            .putAllRequestParameters(r.requestParameters())
            .putAllEncryptionContext(r.encryptionContext())
            .putAllSourceEncryptionContext(r.sourceEncryptionContext())
            .addAllResources(r.resources())
            .setOutcome(toProto(r.outcome()))
            .setPreviousHash(r.previousHash())
            .setHash(r.hash());
    r.sourceAddress().ifPresent(b::setSourceAddress);
    r.userAgent().ifPresent(b::setUserAgent);
    r.viaService().ifPresent(b::setViaService);
    r.keyArn().ifPresent(b::setKeyArn);
    r.keyVersion().ifPresent(b::setKeyVersion);
    r.errorCode().ifPresent(b::setErrorCode);
    r.errorMessage().ifPresent(b::setErrorMessage);
    r.accessExplanation().ifPresent(b::setAccessExplanation);
    return b.build();
  }

  public static AuditRecord fromProto(AuditEvent e) {
    return new AuditRecord(
        e.getSequence(),
        e.getEventId(),
        e.getEventVersion(),
        Times.fromProto(e.getEventTime()),
        e.getEventSource(),
        e.getEventName(),
        e.getPrincipal(),
        e.hasSourceAddress() ? Optional.of(e.getSourceAddress()) : Optional.empty(),
        e.hasUserAgent() ? Optional.of(e.getUserAgent()) : Optional.empty(),
        e.hasViaService() ? Optional.of(e.getViaService()) : Optional.empty(),
        e.getSecureTransport(),
        e.getReadOnly(),
        e.getRequestParametersMap(),
        e.getEncryptionContextMap(),
        e.getSourceEncryptionContextMap(),
        e.hasKeyArn() ? Optional.of(e.getKeyArn()) : Optional.empty(),
        e.hasKeyVersion() ? OptionalInt.of(e.getKeyVersion()) : OptionalInt.empty(),
        e.getResourcesList(),
        fromProto(e.getOutcome()).orElse(AuditOutcome.ERROR),
        e.hasErrorCode() ? Optional.of(e.getErrorCode()) : Optional.empty(),
        e.hasErrorMessage() ? Optional.of(e.getErrorMessage()) : Optional.empty(),
        e.hasAccessExplanation() ? Optional.of(e.getAccessExplanation()) : Optional.empty(),
        e.getPreviousHash(),
        e.getHash());
  }

  // ---- verification

  static VerifyAuditLogResponse toProto(VerificationReport r) {
    VerifyAuditLogResponse.Builder b =
        VerifyAuditLogResponse.newBuilder()
            .setIntact(r.intact())
            .setFirstSequence(r.firstSequence())
            .setLastSequence(r.lastSequence())
            .setEvents(r.events())
            .setDigests(r.digests())
            .setLastDigestSequence(r.lastDigestSequence())
            .setUnsignedRecords(r.unsignedRecords())
            .setStartsAt(r.startsAt())
            .setSummary(r.summary());
    r.problem()
        .ifPresent(
            p ->
                b.setProblem(
                    AuditProblem.newBuilder()
                        .setKind(AuditProblemKind.valueOf("AUDIT_PROBLEM_KIND_" + p.kind().name()))
                        .setSequence(p.sequence())
                        .setSegment(p.segment())
                        .setOffset(p.offset())
                        .setDetail(p.detail())));
    return b.build();
  }

  public static VerificationReport fromProto(VerifyAuditLogResponse r) {
    Optional<VerificationReport.Problem> problem = Optional.empty();
    if (r.hasProblem()) {
      AuditProblem p = r.getProblem();
      String kind = p.getKind().name().substring("AUDIT_PROBLEM_KIND_".length());
      problem =
          Optional.of(
              new VerificationReport.Problem(
                  kindOf(kind), p.getSequence(), p.getSegment(), p.getOffset(), p.getDetail()));
    }
    return new VerificationReport(
        r.getFirstSequence(),
        r.getLastSequence(),
        r.getEvents(),
        r.getDigests(),
        r.getLastDigestSequence(),
        r.getUnsignedRecords(),
        r.getStartsAt(),
        problem);
  }

  private static VerificationReport.Kind kindOf(String name) {
    for (VerificationReport.Kind k : VerificationReport.Kind.values()) {
      if (k.name().equals(name)) {
        return k;
      }
    }
    // A kind this client does not know yet: the chain failed its checks somehow.
    return VerificationReport.Kind.EDITED;
  }
}
