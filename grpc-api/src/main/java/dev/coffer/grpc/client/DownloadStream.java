package dev.coffer.grpc.client;

import dev.coffer.api.v1.GetObjectResponse;
import dev.coffer.grpc.internal.StatusMapper;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Iterator;

/**
 * The data of a GetObject reply as an {@link InputStream}. The blocking iterator asks the server
 * for one message at a time as this stream is read, so a slow reader slows the server down; memory
 * holds about one message and the transport's flow-control window. A failure mid-stream (an
 * integrity failure, say) surfaces as an IOException whose cause is the embedded API's exception,
 * as the embedded {@code ObjectContent} reports it. Closing early cancels the call.
 */
final class DownloadStream extends InputStream {
  private final Iterator<GetObjectResponse> replies;
  private final Context.CancellableContext context;
  private ByteBuffer current;
  private long remaining;
  private boolean closed;
  private boolean finished;

  DownloadStream(
      Iterator<GetObjectResponse> replies,
      Context.CancellableContext context,
      ByteBuffer first,
      long length) {
    this.replies = replies;
    this.context = context;
    this.current = first;
    this.remaining = length - first.remaining();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("object stream is closed");
    }
    if (len == 0) {
      return 0;
    }
    while (!current.hasRemaining()) {
      if (remaining == 0) {
        finish();
        return -1;
      }
      next();
    }
    int n = Math.min(len, current.remaining());
    current.get(b, off, n);
    return n;
  }

  @Override
  public int available() {
    return current.remaining();
  }

  private void next() throws IOException {
    try {
      if (!replies.hasNext()) {
        throw new IOException("the object ended " + remaining + " bytes early");
      }
      current = replies.next().getData().asReadOnlyByteBuffer();
      remaining -= current.remaining();
      if (remaining < 0) {
        throw new IOException("the server sent more bytes than the object has");
      }
    } catch (StatusRuntimeException e) {
      RuntimeException mapped = StatusMapper.toException(e);
      throw new IOException(mapped.getMessage(), mapped);
    }
  }

  /**
   * Reads the call's end (its trailers) once every byte is in, so that the call completes rather
   * than being cancelled by close, and a failure reported after the data is not missed.
   */
  private void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    try {
      if (replies.hasNext()) {
        throw new IOException("the server sent more bytes than the object has");
      }
    } catch (StatusRuntimeException e) {
      RuntimeException mapped = StatusMapper.toException(e);
      throw new IOException(mapped.getMessage(), mapped);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      // Cancelling a finished call does nothing; an unfinished one stops the server's pump.
      context.cancel(null);
    }
  }
}
