package dev.coffer.grpc;

import dev.coffer.api.v1.ObjectServiceGrpc;
import dev.coffer.api.v1.PutObjectRequest;
import dev.coffer.api.v1.PutObjectResponse;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Sends a PutObject stream message by message, as a client that builds its own messages would: for
 * tests of what the server does with streams the Java client never sends.
 */
final class RawPutStream {
  private RawPutStream() {}

  /**
   * Sends {@code messages}, half-closes and waits up to 10 s for the answer.
   *
   * @return null if the object was stored, else the status the server ended the call with
   */
  static StatusRuntimeException send(
      ObjectServiceGrpc.ObjectServiceStub stub, PutObjectRequest... messages) {
    CompletableFuture<PutObjectResponse> done = new CompletableFuture<>();
    StreamObserver<PutObjectRequest> requests =
        stub.putObject(
            new StreamObserver<>() {
              @Override
              public void onNext(PutObjectResponse value) {
                done.complete(value);
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {}
            });
    for (PutObjectRequest m : messages) {
      requests.onNext(m);
    }
    requests.onCompleted();
    try {
      done.get(10, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return (StatusRuntimeException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError("the PutObject stream did not end", e);
    }
  }
}
