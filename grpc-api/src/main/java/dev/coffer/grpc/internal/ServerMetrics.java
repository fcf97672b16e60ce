package dev.coffer.grpc.internal;

import dev.coffer.api.v1.GetObjectResponse;
import dev.coffer.api.v1.PutObjectRequest;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the server's calls for operators, and owns every counter that {@link MetricsEndpoint}
 * serves: calls started and handled (by service, method and status code), how long they took, how
 * many were in flight, messages each way, and the object data PutObject received and GetObject
 * sent.
 *
 * <p>Labels carry only the gRPC service, method and status code name: never a principal, token,
 * bucket, object key, key id or error message, so a scrape tells nobody what is stored or who
 * asked. The label sets are fixed when the server is built, one {@link MethodMetrics} per method of
 * the services served, so that a call costs a map lookup by full method name, two clock reads and a
 * few uncontended {@link LongAdder} increments; nothing per call but the two wrappers that see its
 * messages and its end.
 *
 * <p>Put this interceptor outermost, so that calls refused before any service code (no credentials,
 * too many uploads) are counted and timed from their arrival, and its listener sees messages on the
 * transport thread, before the call is handed to a pool.
 */
public final class ServerMetrics implements ServerInterceptor {
  private final List<MethodMetrics> methods = new ArrayList<>();
  private final Map<String, MethodMetrics> byFullMethodName;
  private final LongAdder objectDataReceived = new LongAdder();
  private final LongAdder objectDataSent = new LongAdder();
  private final long processStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();

  /** Metrics for every method of these services; calls of any other method are not counted. */
  public ServerMetrics(List<ServerServiceDefinition> services) {
    Map<String, MethodMetrics> byName = new HashMap<>();
    for (ServerServiceDefinition service : services) {
      for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
        MethodMetrics metrics = new MethodMetrics(method.getMethodDescriptor());
        methods.add(metrics);
        byName.put(method.getMethodDescriptor().getFullMethodName(), metrics);
      }
    }
    this.byFullMethodName = Map.copyOf(byName);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    MethodMetrics method = byFullMethodName.get(call.getMethodDescriptor().getFullMethodName());
    if (method == null) {
      return next.startCall(call, headers);
    }
    method.started.increment();
    MeteredCall<Q, R> metered = new MeteredCall<>(call, method, this);
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(metered, headers);
    } catch (RuntimeException | Error e) {
      // gRPC closes such a call itself, past this wrapper, as UNKNOWN.
      metered.finish(Status.Code.UNKNOWN);
      throw e;
    }
    return new MeteredListener<>(listener, metered);
  }

  /** Every metric, in Prometheus' text format 0.0.4. */
  public String scrape() {
    // Handled first, then started: a call that ends between the two reads then counts as in
    // flight rather than making the gauge negative.
    long handled = 0;
    for (MethodMetrics m : methods) {
      handled += m.handledTotal();
    }
    long started = 0;
    long[] startedByMethod = new long[methods.size()];
    for (int i = 0; i < methods.size(); i++) {
      startedByMethod[i] = methods.get(i).started.sum();
      started += startedByMethod[i];
    }
    PrometheusText text = new PrometheusText();
    text.family(
        "coffer_grpc_server_started_total",
        "counter",
        "Calls started on the server, by gRPC service and method.");
    for (MethodMetrics m : methods) {
      text.sample("coffer_grpc_server_started_total", m.labels, m.started.sum());
    }
    text.family(
        "coffer_grpc_server_handled_total",
        "counter",
        "Calls ended, by gRPC service, method and status code (a call the client cancelled or"
            + " whose deadline passed counts as CANCELLED unless the server had answered).");
    for (MethodMetrics m : methods) {
      for (Status.Code code : Status.Code.values()) {
        long n = m.handled(code);
        if (n > 0) {
          text.sample(
              "coffer_grpc_server_handled_total", m.labels + ",grpc_code=\"" + code + "\"", n);
        }
      }
    }
    histogram(text, startedByMethod);
    messages(text, startedByMethod);
    text.family(
            "coffer_grpc_server_in_flight_calls",
            "gauge",
            "Calls started and not yet ended (open health watches included).")
        .sample("coffer_grpc_server_in_flight_calls", "", Math.max(0, started - handled));
    text.family(
            "coffer_grpc_server_object_data_received_bytes_total",
            "counter",
            "Object data received in PutObject calls, in bytes (data only: no headers or"
                + " framing).")
        .sample(
            "coffer_grpc_server_object_data_received_bytes_total", "", objectDataReceived.sum());
    text.family(
            "coffer_grpc_server_object_data_sent_bytes_total",
            "counter",
            "Object data sent in GetObject calls, in bytes (data only: no headers or framing).")
        .sample("coffer_grpc_server_object_data_sent_bytes_total", "", objectDataSent.sum());
    text.family(
            "process_start_time_seconds",
            "gauge",
            "Start time of the process since the Unix epoch, in seconds.")
        .sample(
            "process_start_time_seconds", "", PrometheusText.secondsFromMillis(processStartMillis));
    return text.toString();
  }

  /** The duration histogram of each method called since the start, buckets cumulative. */
  private void histogram(PrometheusText text, long[] startedByMethod) {
    String name = "coffer_grpc_server_handling_seconds";
    text.family(
        name,
        "histogram",
        "Time from a call's arrival to its status, by gRPC service and method, in seconds (for a"
            + " streamed call, the whole stream).");
    for (int i = 0; i < methods.size(); i++) {
      if (startedByMethod[i] == 0) {
        continue;
      }
      MethodMetrics m = methods.get(i);
      long[] cumulative = m.cumulativeBuckets();
      for (int b = 0; b < MethodMetrics.BUCKET_BOUNDS_SECONDS.length; b++) {
        String le = PrometheusText.bound(MethodMetrics.BUCKET_BOUNDS_SECONDS[b]);
        text.sample(name + "_bucket", m.labels + ",le=\"" + le + "\"", cumulative[b]);
      }
      long count = cumulative[cumulative.length - 1];
      text.sample(name + "_bucket", m.labels + ",le=\"+Inf\"", count);
      text.sample(name + "_sum", m.labels, PrometheusText.seconds(m.totalNanos()));
      text.sample(name + "_count", m.labels, count);
    }
  }

  private void messages(PrometheusText text, long[] startedByMethod) {
    text.family(
        "coffer_grpc_server_msg_received_total",
        "counter",
        "Messages received from clients, by gRPC service and method.");
    for (int i = 0; i < methods.size(); i++) {
      if (startedByMethod[i] > 0) {
        MethodMetrics m = methods.get(i);
        text.sample("coffer_grpc_server_msg_received_total", m.labels, m.received.sum());
      }
    }
    text.family(
        "coffer_grpc_server_msg_sent_total",
        "counter",
        "Messages sent to clients, by gRPC service and method.");
    for (int i = 0; i < methods.size(); i++) {
      if (startedByMethod[i] > 0) {
        MethodMetrics m = methods.get(i);
        text.sample("coffer_grpc_server_msg_sent_total", m.labels, m.sent.sum());
      }
    }
  }

  /**
   * A call as the service code sees it: counts what it sends, and its end when it is closed. A call
   * ends once, whichever comes first of its close and its cancellation.
   */
  private static final class MeteredCall<Q, R>
      extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
    private static final VarHandle FINISHED;

    static {
      try {
        FINISHED =
            MethodHandles.lookup().findVarHandle(MeteredCall.class, "finished", boolean.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final MethodMetrics method;
    private final ServerMetrics metrics;
    private final long startNanos = System.nanoTime();

    // Only through FINISHED: a call is counted as ended once, by its close or its cancellation.
    private volatile boolean finished;

    MeteredCall(ServerCall<Q, R> call, MethodMetrics method, ServerMetrics metrics) {
      super(call);
      this.method = method;
      this.metrics = metrics;
    }

    void finish(Status.Code code) {
      if (FINISHED.compareAndSet(this, false, true)) {
        method.handled(code, System.nanoTime() - startNanos);
      }
    }

    @Override
    public void sendMessage(R message) {
      method.sent.increment();
      if (message instanceof GetObjectResponse response) {
        metrics.objectDataSent.add(response.getData().size());
      }
      super.sendMessage(message);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      finish(status.getCode());
      super.close(status, trailers);
    }
  }

  /** Counts what the client sends, and ends a call the client cancelled before its close. */
  private static final class MeteredListener<Q>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
    private final MeteredCall<Q, ?> call;

    MeteredListener(ServerCall.Listener<Q> delegate, MeteredCall<Q, ?> call) {
      super(delegate);
      this.call = call;
    }

    @Override
    public void onMessage(Q message) {
      call.method.received.increment();
      if (message instanceof PutObjectRequest request) {
        call.metrics.objectDataReceived.add(request.getData().size());
      }
      super.onMessage(message);
    }

    @Override
    public void onCancel() {
      call.finish(Status.Code.CANCELLED);
      super.onCancel();
    }
  }
}
