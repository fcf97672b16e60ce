package dev.coffer.grpc.internal;

import dev.coffer.api.v1.AuditEvent;
import dev.coffer.api.v1.AuditServiceGrpc;
import dev.coffer.api.v1.GetDigestPublicKeyRequest;
import dev.coffer.api.v1.GetDigestPublicKeyResponse;
import dev.coffer.api.v1.QueryAuditEventsRequest;
import dev.coffer.api.v1.VerifyAuditLogRequest;
import dev.coffer.api.v1.VerifyAuditLogResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * AuditService, not wired yet: this build's keystore has no queryable audit log (it comes with the
 * audit log's own change), so every call answers UNIMPLEMENTED rather than pretend. The service is
 * registered so that clients and reflection already see its shape.
 */
public final class AuditServiceImpl extends AuditServiceGrpc.AuditServiceImplBase {
  private static final String NOT_YET = "this server has no queryable audit log yet";

  @Override
  public void queryAuditEvents(QueryAuditEventsRequest r, StreamObserver<AuditEvent> out) {
    out.onError(Status.UNIMPLEMENTED.withDescription(NOT_YET).asRuntimeException());
  }

  @Override
  public void verifyAuditLog(VerifyAuditLogRequest r, StreamObserver<VerifyAuditLogResponse> out) {
    out.onError(Status.UNIMPLEMENTED.withDescription(NOT_YET).asRuntimeException());
  }

  @Override
  public void getDigestPublicKey(
      GetDigestPublicKeyRequest r, StreamObserver<GetDigestPublicKeyResponse> out) {
    out.onError(Status.UNIMPLEMENTED.withDescription(NOT_YET).asRuntimeException());
  }
}
