package dev.coffer.grpc.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.coffer.api.v1.GetObjectHeader;
import dev.coffer.api.v1.GetObjectResponse;
import dev.coffer.engine.ObjectContent;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.util.concurrent.Executor;

/**
 * One GetObject call, with outbound flow control: the next chunk is decrypted only while the
 * transport is ready for more ({@code isReady}), and the pump resumes from the on-ready callback,
 * so a client that reads slowly holds the server to about one chunk in flight, not the object.
 *
 * <p>An object that fits in one message is answered at once, on whatever thread the call runs
 * (possibly a transport thread). A larger one is pumped on a serial executor of its own over the
 * given pool, so decrypting megabytes does not hold up a transport thread: the ready and cancel
 * callbacks only queue their work there, and the pump and cancellation never race.
 */
final class GetObjectCall {
  /**
   * Data bytes per message: one default segment, well under the 4 MiB message limit clients apply
   * by default. 256 KiB messages streamed 17–41% slower over loopback (per-message costs on both
   * sides, bench/RESULTS.md).
   */
  static final int CHUNK = 1024 * 1024;

  /** Objects up to this size are answered in one message on the call's own thread. */
  static final int ANSWER_AT_ONCE = 256 * 1024;

  private final ServerCallStreamObserver<GetObjectResponse> out;
  private final ObjectContent content;
  private final Executor pool;
  private long remaining;
  private boolean headerSent;
  private boolean done;

  GetObjectCall(
      ServerCallStreamObserver<GetObjectResponse> out, ObjectContent content, Executor pool) {
    this.out = out;
    this.content = content;
    this.pool = pool;
    this.remaining = content.length();
  }

  void start() {
    if (remaining <= ANSWER_AT_ONCE) {
      // One message and the end: cheap enough for whatever thread the call is on.
      out.setOnCancelHandler(this::close);
      out.setOnReadyHandler(this::pump);
      pump();
      return;
    }
    Executor serial = new SerialExecutor(pool);
    // Two chunks may wait in the transport while the next is decrypted: the pump keeps the pipe
    // full, and what is held stays bounded by this, not by the object.
    out.setOnReadyThreshold(2 * CHUNK);
    out.setOnCancelHandler(() -> serial.execute(this::close));
    out.setOnReadyHandler(() -> serial.execute(this::pump));
    serial.execute(this::pump);
  }

  private void pump() {
    try {
      while (!done && out.isReady()) {
        GetObjectResponse.Builder message = GetObjectResponse.newBuilder();
        if (!headerSent) {
          message.setHeader(
              GetObjectHeader.newBuilder()
                  .setObject(ObjectCodec.toProto(content.info()))
                  .setFirst(content.first())
                  .setLength(content.length()));
          headerSent = true;
        }
        if (remaining > 0) {
          message.setData(nextChunk());
        }
        out.onNext(message.build());
        if (remaining == 0) {
          close();
          out.onCompleted();
        }
      }
    } catch (IOException | RuntimeException e) {
      close();
      out.onError(StatusMapper.toStatus(e));
    }
  }

  private ByteString nextChunk() throws IOException {
    byte[] chunk = new byte[(int) Math.min(CHUNK, remaining)];
    int filled = 0;
    while (filled < chunk.length) {
      int n = content.read(chunk, filled, chunk.length - filled);
      if (n < 0) {
        throw new IOException("the object ended before its length");
      }
      filled += n;
    }
    remaining -= filled;
    // The array is fresh and never written again, so the message may share it.
    return UnsafeByteOperations.unsafeWrap(chunk);
  }

  private void close() {
    if (done) {
      return;
    }
    done = true;
    try {
      content.close();
    } catch (IOException ignored) {
      // Nothing was written; closing a reader only releases it.
    }
  }
}
