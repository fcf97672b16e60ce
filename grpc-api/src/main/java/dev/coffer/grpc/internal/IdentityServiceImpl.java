package dev.coffer.grpc.internal;

import dev.coffer.api.v1.GetCallerIdentityRequest;
import dev.coffer.api.v1.GetCallerIdentityResponse;
import dev.coffer.api.v1.IdentityServiceGrpc;
import dev.coffer.keystore.Caller;
import io.grpc.stub.StreamObserver;

/** IdentityService: who the sidecar takes the caller to be, as STS GetCallerIdentity. */
public final class IdentityServiceImpl extends IdentityServiceGrpc.IdentityServiceImplBase {
  @Override
  public void getCallerIdentity(
      GetCallerIdentityRequest r, StreamObserver<GetCallerIdentityResponse> out) {
    Unary.answer(
        out,
        () -> {
          Caller caller = Callers.current();
          return GetCallerIdentityResponse.newBuilder()
              .setPrincipal(caller.principal().name())
              .setSourceAddress(caller.sourceAddress().orElse(""))
              .setSecureTransport(caller.secureTransport())
              .build();
        });
  }
}
