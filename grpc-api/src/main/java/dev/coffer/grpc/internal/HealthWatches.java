package dev.coffer.grpc.internal;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the health service's open {@code Watch} streams, so that shutdown can end them. A Watch
 * never ends by itself (gRPC's client-side health checking keeps one open per connection): once the
 * health service has told it NOT_SERVING, a graceful shutdown would otherwise wait the whole grace
 * period for it, and then cut it off.
 */
public final class HealthWatches implements ServerInterceptor {
  private final Set<Watch<?, ?>> open = ConcurrentHashMap.newKeySet();
  private boolean ended;

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!HealthGrpc.getWatchMethod()
        .getFullMethodName()
        .equals(call.getMethodDescriptor().getFullMethodName())) {
      return next.startCall(call, headers);
    }
    Watch<Q, R> watch = new Watch<>(call);
    synchronized (this) {
      if (ended) {
        watch.end();
        return new ServerCall.Listener<>() {};
      }
      open.add(watch);
    }
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(watch, headers);
    } catch (RuntimeException | Error e) {
      open.remove(watch);
      throw e;
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onComplete() {
        open.remove(watch);
        super.onComplete();
      }

      @Override
      public void onCancel() {
        open.remove(watch);
        super.onCancel();
      }
    };
  }

  /**
   * Ends every open Watch with UNAVAILABLE, and any started from now on at once. Call it after the
   * health service has sent NOT_SERVING, so that watchers see that first.
   */
  public void endAll() {
    List<Watch<?, ?>> watches;
    synchronized (this) {
      ended = true;
      watches = List.copyOf(open);
    }
    watches.forEach(Watch::end);
  }

  /**
   * A Watch call that the health service and {@link #endAll} may both use, from different threads:
   * one at a time, and nothing more is sent once the call is closed.
   */
  private static final class Watch<Q, R>
      extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
    private boolean closed;

    Watch(ServerCall<Q, R> call) {
      super(call);
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
      if (!closed) {
        super.sendHeaders(headers);
      }
    }

    @Override
    public synchronized void sendMessage(R message) {
      if (!closed) {
        super.sendMessage(message);
      }
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (!closed) {
        closed = true;
        super.close(status, trailers);
      }
    }

    void end() {
      close(Status.UNAVAILABLE.withDescription("the server is shutting down"), new Metadata());
    }
  }
}
