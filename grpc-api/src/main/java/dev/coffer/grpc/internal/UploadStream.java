package dev.coffer.grpc.internal;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.IntConsumer;

/**
 * The data of a PutObject stream as an {@link InputStream} for the engine, with inbound flow
 * control: a chunk is asked of the transport ({@code request(1)}) only when the engine takes one,
 * so at most {@link #PREFETCH} chunks wait here whatever the object's size, and a slow disk slows
 * the client down instead of filling the heap.
 */
final class UploadStream extends InputStream {
  /** Chunks asked for ahead of the engine's reading. */
  static final int PREFETCH = 2;

  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final IntConsumer request;
  private ByteBuffer current = ByteBuffer.allocate(0);
  private boolean ended;
  private IOException failure;

  UploadStream(IntConsumer request) {
    this.request = request;
  }

  /** Starts the flow: asks for the first chunks. */
  void start() {
    request.accept(PREFETCH);
  }

  /** A data chunk arrived (only ever one that was asked for). */
  void offer(ByteString chunk) {
    queue.add(chunk);
  }

  /** The client half-closed: the data is complete. */
  void end() {
    queue.add(END);
  }

  /** The upload failed or was cancelled: the engine's next read throws, and it stores nothing. */
  void fail(IOException cause) {
    queue.add(cause);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!current.hasRemaining()) {
      if (failure != null) {
        throw failure;
      }
      if (ended) {
        return -1;
      }
      next();
    }
    int n = Math.min(len, current.remaining());
    current.get(b, off, n);
    return n;
  }

  private void next() throws IOException {
    Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for upload data");
    }
    if (item == END) {
      ended = true;
    } else if (item instanceof IOException e) {
      failure = e;
    } else {
      // A read-only view of the message's bytes: no copy.
      current = ((ByteString) item).asReadOnlyByteBuffer();
      request.accept(1);
    }
  }

  /** Drops whatever is still queued once the engine is done with the stream. */
  @Override
  public void close() {
    queue.clear();
    current = ByteBuffer.allocate(0);
  }
}
