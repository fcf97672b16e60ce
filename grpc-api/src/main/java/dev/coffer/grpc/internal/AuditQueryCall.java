package dev.coffer.grpc.internal;

import dev.coffer.api.v1.QueryAuditEventsRequest;
import dev.coffer.api.v1.QueryAuditEventsResponse;
import dev.coffer.keystore.audit.AuditLog;
import dev.coffer.keystore.audit.AuditPage;
import dev.coffer.keystore.audit.AuditQuery;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * One QueryAuditEvents call, with outbound flow control: the log is read a batch at a time, only
 * while the transport is ready for more, and the pump resumes from the on-ready callback. Every
 * callback runs on the call's serialized executor.
 */
final class AuditQueryCall {
  /** Events per message. */
  static final int BATCH = 256;

  private final ServerCallStreamObserver<QueryAuditEventsResponse> out;
  private final AuditLog log;
  private final QueryAuditEventsRequest request;
  private long remaining;
  private String token;
  private boolean done;

  AuditQueryCall(
      ServerCallStreamObserver<QueryAuditEventsResponse> out,
      AuditLog log,
      QueryAuditEventsRequest request) {
    this.out = out;
    this.log = log;
    this.request = request;
    this.remaining = request.getLimit() == 0 ? Long.MAX_VALUE : request.getLimit();
    this.token = request.getResumeToken().isEmpty() ? null : request.getResumeToken();
  }

  void start() {
    out.setOnCancelHandler(() -> done = true);
    out.setOnReadyHandler(this::pump);
    pump();
  }

  private void pump() {
    try {
      while (!done && out.isReady()) {
        AuditQuery query = AuditCodec.fromProto(request, (int) Math.min(BATCH, remaining));
        if (token != null) {
          query = query.resumingAt(token);
        }
        AuditPage page = log.query(query);
        remaining -= page.records().size();
        QueryAuditEventsResponse.Builder message = QueryAuditEventsResponse.newBuilder();
        page.records().forEach(r -> message.addEvents(AuditCodec.toProto(r)));
        if (page.resumeToken().isEmpty()) {
          done = true;
        } else if (remaining == 0) {
          message.setResumeToken(page.resumeToken().get());
          done = true;
        } else {
          token = page.resumeToken().get();
        }
        if (message.getEventsCount() > 0 || !message.getResumeToken().isEmpty()) {
          out.onNext(message.build());
        }
        if (done) {
          out.onCompleted();
        }
      }
    } catch (RuntimeException e) {
      done = true;
      out.onError(StatusMapper.toStatus(e));
    }
  }
}
