package dev.coffer.grpc.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads on which the engine stores uploads (each blocks reading its upload stream). Bounded,
 * without a queue: an upload beyond the limit is refused at once rather than left waiting while its
 * client's data piles up.
 */
public final class UploadExecutor implements Executor {
  public static final int DEFAULT_MAX_THREADS = 64;

  private final ThreadPoolExecutor pool;

  public UploadExecutor(int maxThreads) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, "coffer-grpc-upload-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.pool =
        new ThreadPoolExecutor(
            0, maxThreads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
  }

  /**
   * @throws java.util.concurrent.RejectedExecutionException when every thread is busy
   */
  @Override
  public void execute(Runnable command) {
    pool.execute(command);
  }

  /**
   * Takes no more uploads and waits for the running ones to end: a cancelled upload's engine put
   * ends at its next read, but may still be writing when its call is already over, and the store
   * must not close under it.
   *
   * @return whether every upload ended in time
   */
  public boolean shutdownAndWait(long millis) throws InterruptedException {
    pool.shutdown();
    return pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
  }

  public void shutdownNow() {
    pool.shutdownNow();
  }
}
