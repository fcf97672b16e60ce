package dev.coffer.grpc.internal;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides where a call's service code runs. The server runs everything on the transport's threads
 * (gRPC's direct executor), which saves two thread hand-offs per call: on a small machine those
 * hand-offs (waking a pool thread, then waking the event loop again to write the answer) cost more
 * CPU than a small object read itself. Calls that may block for long (uploads, listings, key
 * administration, waiting for a job, audit queries) must not hold a transport thread, which serves
 * many connections, so their callbacks are moved here to a pool, one call's callbacks in order.
 *
 * <p>Interceptors and {@code startCall} still run on the transport thread: they only read headers
 * and register the call (no service method here does work before its first callback). Put this
 * interceptor outside the others (only the metrics interceptor, which must see calls from their
 * arrival on the transport thread, goes further out), so that every inner interceptor's listener,
 * the call tracker's included, runs where the service code runs, and the tracker sees a call as
 * done only when its code is.
 */
public final class CallOffloader implements ServerInterceptor {
  private static final Logger LOG = Logger.getLogger(CallOffloader.class.getName());

  private final Executor pool;
  private final Set<String> onTransport;

  /**
   * @param onTransport full method names ({@code service/Method}) whose code runs on the transport
   *     thread: only ones that do not wait on anything but a local read
   */
  public CallOffloader(Executor pool, Set<String> onTransport) {
    this.pool = pool;
    this.onTransport = Set.copyOf(onTransport);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    ServerCall.Listener<Q> listener = next.startCall(call, headers);
    if (onTransport.contains(call.getMethodDescriptor().getFullMethodName())) {
      return listener;
    }
    return new Offloaded<>(call, listener, new SerialExecutor(pool));
  }

  /** Each callback is queued, in the context it arrived in, on the call's serial executor. */
  private static final class Offloaded<Q, R> extends ServerCall.Listener<Q> {
    private final ServerCall<Q, R> call;
    private final ServerCall.Listener<Q> delegate;
    private final Executor serial;

    Offloaded(ServerCall<Q, R> call, ServerCall.Listener<Q> delegate, Executor serial) {
      this.call = call;
      this.delegate = delegate;
      this.serial = serial;
    }

    private void later(Runnable callback) {
      Runnable inContext = Context.current().wrap(callback);
      serial.execute(
          () -> {
            try {
              inContext.run();
            } catch (RuntimeException | Error e) {
              // What gRPC's own executor hand-off does with a callback that throws: the client
              // gets UNKNOWN rather than waiting for an answer that will not come.
              LOG.log(Level.WARNING, "a call's service code failed", e);
              try {
                call.close(Status.UNKNOWN.withDescription("internal error"), new Metadata());
              } catch (RuntimeException alreadyClosed) {
                // The call had already been answered.
              }
            }
          });
    }

    @Override
    public void onMessage(Q message) {
      later(() -> delegate.onMessage(message));
    }

    @Override
    public void onHalfClose() {
      later(delegate::onHalfClose);
    }

    @Override
    public void onCancel() {
      later(delegate::onCancel);
    }

    @Override
    public void onComplete() {
      later(delegate::onComplete);
    }

    @Override
    public void onReady() {
      later(delegate::onReady);
    }
  }
}
