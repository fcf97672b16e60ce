package dev.coffer.grpc.client;

import com.google.protobuf.UnsafeByteOperations;
import dev.coffer.api.v1.ObjectServiceGrpc;
import dev.coffer.api.v1.PutObjectRequest;
import dev.coffer.api.v1.PutObjectResponse;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.grpc.internal.ObjectCodec;
import dev.coffer.grpc.internal.StatusMapper;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One PutObject call from the client: reads the caller's stream a chunk at a time and sends a chunk
 * only when the transport is ready for it ({@code isReady}), waiting for the on-ready callback
 * otherwise. Memory stays at about three chunks plus the flow-control window whatever the size, and
 * a server that stores slowly slows the reading of the caller's stream down.
 */
final class Uploader implements ClientResponseObserver<PutObjectRequest, PutObjectResponse> {
  /** Data bytes per message: one default segment (larger messages stream faster, RESULTS.md). */
  static final int CHUNK = 1024 * 1024;

  /**
   * The first message's most: a small object, the common case, then costs a small array, not a
   * zeroed megabyte.
   */
  static final int FIRST_CHUNK = 64 * 1024;

  private final CompletableFuture<PutObjectResponse> result = new CompletableFuture<>();
  private final Object readiness = new Object();
  private ClientCallStreamObserver<PutObjectRequest> requests;
  private PutObjectResponse response;

  @Override
  public void beforeStart(ClientCallStreamObserver<PutObjectRequest> stream) {
    this.requests = stream;
    stream.setOnReadyHandler(this::wake);
  }

  @Override
  public void onNext(PutObjectResponse value) {
    response = value;
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
    wake();
  }

  @Override
  public void onCompleted() {
    result.complete(response);
    wake();
  }

  private void wake() {
    synchronized (readiness) {
      readiness.notifyAll();
    }
  }

  ObjectInfo upload(
      ObjectServiceGrpc.ObjectServiceStub stub,
      dev.coffer.engine.PutObjectRequest request,
      InputStream data) {
    // Two chunks may wait in the transport while the next is read from the caller's stream:
    // with gRPC's 32 KiB threshold the pipe ran dry after every chunk until this thread woke up.
    stub.withOnReadyThreshold(2 * CHUNK).putObject(this);
    requests.onNext(PutObjectRequest.newBuilder().setHeader(ObjectCodec.toProto(request)).build());
    try {
      int size = FIRST_CHUNK;
      while (!result.isDone()) {
        byte[] chunk = new byte[size];
        int n = data.readNBytes(chunk, 0, size);
        if (n > 0) {
          awaitReady();
          if (result.isDone()) {
            break;
          }
          // The array is fresh and never written again, so the message may share it.
          requests.onNext(
              PutObjectRequest.newBuilder()
                  .setData(UnsafeByteOperations.unsafeWrap(chunk, 0, n))
                  .build());
        }
        if (n < size) {
          requests.onCompleted();
          break;
        }
        size = CHUNK;
      }
    } catch (IOException e) {
      requests.cancel("reading the object's data failed", e);
      throw new UncheckedIOException("reading the object's data failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      requests.cancel("interrupted", e);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while uploading", e);
    }
    return ObjectCodec.fromProto(await().getObject());
  }

  private void awaitReady() throws InterruptedException {
    synchronized (readiness) {
      while (!requests.isReady() && !result.isDone()) {
        readiness.wait();
      }
    }
  }

  private PutObjectResponse await() {
    try {
      return result.get();
    } catch (InterruptedException e) {
      requests.cancel("interrupted", e);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the upload's result", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException s) {
        throw StatusMapper.toException(s);
      }
      throw new IllegalStateException("the upload failed", e.getCause());
    }
  }
}
