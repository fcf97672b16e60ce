package dev.coffer.keystore.internal.store;

import java.time.Duration;

/**
 * Waits an interrupt must not cut short: closing something while threads it waits for may still be
 * inside what closes next (a store, a log). As {@code ExecutorService.close} does, the wait goes on
 * through interrupts; the caller learns whether one came, and sets it again when done.
 */
public final class Uninterruptibly {
  /** A bounded wait: true once what is waited for has happened, false on timeout. */
  @FunctionalInterface
  public interface TimedWait {
    boolean await(long nanos) throws InterruptedException;
  }

  private Uninterruptibly() {}

  /**
   * Waits up to {@code timeout} for {@code wait} to report done, through interrupts. Returns
   * whether the thread was interrupted meanwhile; its interrupt status is then clear, for the
   * caller to set again.
   */
  public static boolean await(Duration timeout, TimedWait wait) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      try {
        if (wait.await(Math.max(0, left)) || left <= 0) {
          return interrupted;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
  }
}
