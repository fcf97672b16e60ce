package dev.coffer.keystore.internal.audit;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for the log's sync mode: an appender waiting for its record to be durable either
 * becomes the one thread that forces the file, or waits for that thread; one fsync covers every
 * record written before it started. Offsets are bytes appended since the log opened.
 */
final class GroupCommit {
  /** Forces everything written so far; returns the offset it covered. */
  @FunctionalInterface
  interface Flush {
    long run() throws IOException;
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition done = lock.newCondition();
  private long durable;
  private boolean flushing;

  /** Returns once everything up to {@code offset} is durable. */
  void await(long offset, Flush flush) throws IOException {
    lock.lock();
    try {
      while (durable < offset) {
        if (flushing) {
          done.awaitUninterruptibly();
          continue;
        }
        flushing = true;
        long covered = -1;
        lock.unlock();
        try {
          covered = flush.run();
        } finally {
          lock.lock();
          flushing = false;
          if (covered > durable) {
            durable = covered;
          }
          done.signalAll();
        }
      }
    } finally {
      lock.unlock();
    }
  }
}
