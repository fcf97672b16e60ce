package dev.coffer.engine.internal.ops;

import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The object writes under way, numbered as they begin, so that a rotation job can wait for those
 * that began before it. A write chooses its master key and takes its data key early and commits
 * late: one that took a data key under the old version before a rotation (or read its bucket's
 * default key before the bucket's key changed) can commit after the job's scan has passed its row,
 * and the job would report every object moved while this one is not. New writes never wait.
 */
public final class WritesInFlight {
  private final TreeSet<Long> running = new TreeSet<>();
  private long next;
  private int waiting;

  /** Registers a write; pass the result to {@link #end} once it has committed or failed. */
  public synchronized long begin() {
    long ticket = next++;
    running.add(ticket);
    return ticket;
  }

  public synchronized void end(long ticket) {
    running.remove(ticket);
    if (waiting > 0) {
      notifyAll();
    }
  }

  /** The number the next write will get: writes numbered below it have begun. */
  public synchronized long horizon() {
    return next;
  }

  /**
   * Waits until every write numbered below {@code horizon} has ended, at most {@code timeout}.
   *
   * @return whether they all have
   */
  public synchronized boolean awaitBelow(long horizon, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    waiting++;
    try {
      while (!running.isEmpty() && running.first() < horizon) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    } finally {
      waiting--;
    }
  }
}
