package dev.coffer.grpc.internal;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Counts calls whose service code may still run, from their start until their last callback ({@code
 * onComplete} or {@code onCancel}) has returned. A terminated gRPC server no longer has transports,
 * but a callback of a cancelled call can still be running on the executor (a download closing its
 * object, say); the store must not close under it, so shutdown waits here too.
 */
public final class CallTracker implements ServerInterceptor {
  private final Object lock = new Object();
  private long active;

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    synchronized (lock) {
      active++;
    }
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(call, headers);
    } catch (RuntimeException | Error e) {
      done();
      throw e;
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          done();
        }
      }

      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          done();
        }
      }
    };
  }

  private void done() {
    synchronized (lock) {
      active--;
      lock.notifyAll();
    }
  }

  /**
   * Waits until no call's service code runs any more.
   *
   * @return whether that happened within {@code millis}
   */
  public boolean awaitIdle(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    synchronized (lock) {
      while (active > 0) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        lock.wait(left);
      }
      return true;
    }
  }
}
