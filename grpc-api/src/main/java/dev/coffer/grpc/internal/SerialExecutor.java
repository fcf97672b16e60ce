package dev.coffer.grpc.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in the order given, on a shared pool: one call's callbacks never
 * overlap and each sees what the one before it did, while different calls run in parallel. A task
 * that throws does not stop the ones after it (the throwable goes to the pool thread).
 */
final class SerialExecutor implements Executor {
  private final Executor pool;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    schedule();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        pool.execute(this::drain);
      } catch (RuntimeException | Error e) {
        // The pool refused (shut down): nothing will drain what is queued, so drop it rather than
        // leave later tasks waiting behind it for ever.
        tasks.clear();
        scheduled.set(false);
        throw e;
      }
    }
  }

  private void drain() {
    try {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        task.run();
      }
    } finally {
      scheduled.set(false);
      // A task added after the last poll but before the flag was cleared found it set and left
      // the draining to this thread.
      if (!tasks.isEmpty()) {
        schedule();
      }
    }
  }
}
