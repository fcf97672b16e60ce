package dev.coffer.keystore.internal.store;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;

/**
 * Runs file-channel I/O so that an interrupt neither fails it nor closes a channel for good.
 *
 * <p>A {@link java.nio.channels.FileChannel} closes itself when a thread using it is interrupted,
 * and every other thread using it then fails too. The keystore and its audit log are shared by all
 * callers: one caller's interrupt (a cancelled task, an executor shut down) must not take them down
 * for the others. The interrupt is set aside while the I/O runs and set again afterwards; if a
 * channel was closed under the call anyway (an interrupt that arrived meanwhile, on this thread or
 * another), the call runs again, and it is the call's part to reopen what it uses. Calls must
 * therefore be repeatable: positional writes, forces, maps, whole-file replacements.
 */
public final class InterruptProofIo {
  /** A channel closed before the call, if its owner closed it, stays closed: retry this often. */
  private static final int ATTEMPTS = 16;

  /** I/O that may be repeated. */
  @FunctionalInterface
  public interface Call<T> {
    T run() throws IOException;
  }

  /** I/O with no result that may be repeated. */
  @FunctionalInterface
  public interface Action {
    void run() throws IOException;
  }

  private InterruptProofIo() {}

  public static <T> T call(Call<T> call) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          return call.run();
        } catch (AsynchronousCloseException e) {
          // Closed under the call, by an interrupt (ClosedByInterruptException leaves this thread
          // interrupted again): repeated for as long as interrupts keep coming, since each one
          // that lands means the caller's work is still to do.
          interrupted |= Thread.interrupted();
        } catch (ClosedChannelException e) {
          // Closed by another thread's interrupt just before the call: the call reopens what it
          // uses. One its owner closed stays closed and fails again, so this is bounded.
          interrupted |= Thread.interrupted();
          if (attempt >= ATTEMPTS) {
            throw e;
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public static void run(Action action) throws IOException {
    call(
        () -> {
          action.run();
          return null;
        });
  }
}
