package dev.coffer.grpc.internal;

import com.google.protobuf.ByteString;
import dev.coffer.api.v1.ObjectWrite;
import dev.coffer.api.v1.PutObjectRequest;
import dev.coffer.api.v1.PutObjectResponse;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectStore;
import dev.coffer.keystore.InvalidArgumentException;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One PutObject call. The header comes first; data chunks are then gathered up to {@link
 * #INLINE_LIMIT} bytes. An object that ends within that (most objects) is stored in the callback
 * that sees the end, with no thread hand-off. A larger one switches to streaming: the engine's put
 * runs on an I/O thread, reading from an {@link UploadStream} that the following chunks feed. The
 * engine blocks on those reads, so it must not run on the call's own (serialized) executor, which
 * delivers the chunks.
 */
final class PutObjectCall implements StreamObserver<PutObjectRequest> {
  /** Bytes gathered before the upload turns into a stream; one client chunk. */
  static final int INLINE_LIMIT = 256 * 1024;

  private final ServerCallStreamObserver<PutObjectResponse> out;
  private final ObjectStore store;
  private final Executor io;
  private final RequestConverter requests;
  private ObjectWrite header = ObjectWrite.getDefaultInstance();
  private dev.coffer.engine.PutObjectRequest request;
  private ByteString gathered = ByteString.EMPTY;
  private UploadStream upload;
  private volatile boolean finished;

  PutObjectCall(
      ServerCallStreamObserver<PutObjectResponse> out,
      ObjectStore store,
      Executor io,
      RequestConverter requests) {
    this.out = out;
    this.store = store;
    this.io = io;
    this.requests = requests;
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
    if (request == null) {
      header(message);
    } else if (!message.hasData()) {
      String twice = "a PutObject stream has one header, then data";
      if (upload != null) {
        // The engine's put is under way: it fails on this and records the failure itself.
        upload.fail(new IOException(new InvalidArgumentException(twice)));
      } else {
        refuse(twice);
      }
    } else if (upload != null) {
      upload.offer(message.getData());
    } else {
      gathered = gathered.concat(message.getData());
      if (gathered.size() > INLINE_LIMIT) {
        stream();
      } else {
        out.request(1);
      }
    }
  }

  private void header(PutObjectRequest message) {
    if (!message.hasHeader()) {
      refuse("a PutObject stream starts with its header");
      return;
    }
    header = message.getHeader();
    try {
      request = requests.putObject(header);
    } catch (RuntimeException e) {
      finish(() -> out.onError(StatusMapper.toStatus(e)));
      return;
    }
    out.request(1);
  }

  /** Too large to gather: the engine reads it as a stream on an I/O thread. */
  private void stream() {
    upload = new UploadStream(out::request);
    upload.offer(gathered);
    gathered = ByteString.EMPTY;
    try {
      io.execute(() -> store(upload));
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
  }

  @Override
  public void onError(Throwable t) {
    if (upload != null) {
      upload.fail(new IOException("the upload was cancelled"));
    }
  }

  @Override
  public void onCompleted() {
    if (request == null) {
      refuse("a PutObject stream starts with its header");
    } else if (upload != null) {
      upload.end();
    } else if (!finished) {
      store(gathered.newInput());
    }
  }

  private void store(InputStream data) {
    try (InputStream in = data) {
      ObjectInfo info = store.putObject(request, in);
      finish(
          () -> {
            out.onNext(PutObjectResponse.newBuilder().setObject(ObjectCodec.toProto(info)).build());
            out.onCompleted();
          });
    } catch (RuntimeException | IOException e) {
      finish(() -> out.onError(StatusMapper.toStatus(e)));
    }
  }

  /**
   * Ends the call as INVALID_ARGUMENT, once: the engine never saw this request, so its refusal is
   * recorded here, as a PutObject of the header's bucket and key if a header came.
   */
  private void refuse(String message) {
    if (finished) {
      return;
    }
    RuntimeException refusal = requests.refusedPutObject(header, message);
    finish(() -> out.onError(StatusMapper.toStatus(refusal)));
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
