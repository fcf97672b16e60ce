package dev.coffer.grpc.internal;

import dev.coffer.api.v1.PutObjectRequest;
import dev.coffer.api.v1.PutObjectResponse;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectStore;
import dev.coffer.keystore.InvalidArgumentException;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One PutObject call: the header message starts the engine's put on an I/O thread, reading from an
 * {@link UploadStream} that the following data messages feed. The engine blocks on its reads, so it
 * must not run on the call's own (serialized) executor, which delivers those messages.
 */
final class PutObjectCall implements StreamObserver<PutObjectRequest> {
  private final ServerCallStreamObserver<PutObjectResponse> out;
  private final ObjectStore store;
  private final Executor io;
  private UploadStream upload;
  private boolean finished;

  PutObjectCall(ServerCallStreamObserver<PutObjectResponse> out, ObjectStore store, Executor io) {
    this.out = out;
    this.store = store;
    this.io = io;
  }

  /** Called from the service method: takes over inbound flow control, asks for the header. */
  PutObjectCall start() {
    out.disableAutoRequest();
    out.setOnCancelHandler(
        () -> {
          if (upload != null) {
            upload.fail(new IOException("the upload was cancelled"));
          }
          finish(null);
        });
    out.request(1);
    return this;
  }

  @Override
  public void onNext(PutObjectRequest message) {
    if (upload == null) {
      if (!message.hasHeader()) {
        refuse("a PutObject stream starts with its header");
        return;
      }
      dev.coffer.engine.PutObjectRequest request;
      try {
        request = ObjectCodec.fromProto(message.getHeader());
      } catch (RuntimeException e) {
        finish(() -> out.onError(StatusMapper.toStatus(e)));
        return;
      }
      upload = new UploadStream(out::request);
      try {
        io.execute(() -> store(request));
      } catch (RejectedExecutionException busy) {
        finish(
            () ->
                out.onError(
                    Status.UNAVAILABLE
                        .withDescription("too many uploads at once")
                        .asRuntimeException()));
        return;
      }
      upload.start();
    } else if (message.hasData()) {
      upload.offer(message.getData());
    } else {
      upload.fail(
          new IOException(
              new InvalidArgumentException("a PutObject stream has one header, then data")));
    }
  }

  @Override
  public void onError(Throwable t) {
    if (upload != null) {
      upload.fail(new IOException("the upload was cancelled"));
    }
  }

  @Override
  public void onCompleted() {
    if (upload == null) {
      refuse("a PutObject stream starts with its header");
    } else {
      upload.end();
    }
  }

  private void store(dev.coffer.engine.PutObjectRequest request) {
    try (UploadStream data = upload) {
      ObjectInfo info = store.putObject(request, data);
      finish(
          () -> {
            out.onNext(PutObjectResponse.newBuilder().setObject(ObjectCodec.toProto(info)).build());
            out.onCompleted();
          });
    } catch (RuntimeException e) {
      finish(() -> out.onError(StatusMapper.toStatus(e)));
    }
  }

  private void refuse(String message) {
    finish(() -> out.onError(StatusMapper.invalidArgument(message)));
  }

  /** Ends the call once: from the I/O thread, a listener callback, or cancellation (null). */
  private synchronized void finish(Runnable answer) {
    if (finished) {
      return;
    }
    finished = true;
    if (answer != null && !out.isCancelled()) {
      answer.run();
    }
  }
}
