package dev.coffer.grpc.internal;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one gRPC method: calls started, calls handled by status code, a histogram of
 * their durations, and messages each way. Lock-free ({@link LongAdder}): the transport and call
 * threads add to them concurrently, and a scrape reads sums that may be a call apart.
 */
final class MethodMetrics {
  /** Upper bounds of the duration histogram: from a small read on loopback to a large upload. */
  static final double[] BUCKET_BOUNDS_SECONDS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private static final long[] BUCKET_BOUNDS_NANOS = new long[BUCKET_BOUNDS_SECONDS.length];

  static {
    for (int i = 0; i < BUCKET_BOUNDS_SECONDS.length; i++) {
      BUCKET_BOUNDS_NANOS[i] = Math.round(BUCKET_BOUNDS_SECONDS[i] * 1e9);
    }
  }

  private static final int CODES = Status.Code.values().length;

  /** The label pairs of this method, {@code grpc_service="…",grpc_method="…"}, rendered once. */
  final String labels;

  final LongAdder started = new LongAdder();
  final LongAdder received = new LongAdder();
  final LongAdder sent = new LongAdder();

  /** By {@link Status.Code#value()}. */
  private final LongAdder[] handled = newAdders(CODES);

  /** Calls per bucket, not cumulative; the last one counts calls longer than every bound. */
  private final LongAdder[] buckets = newAdders(BUCKET_BOUNDS_NANOS.length + 1);

  private final LongAdder nanos = new LongAdder();

  MethodMetrics(MethodDescriptor<?, ?> method) {
    this.labels =
        "grpc_service=\""
            + PrometheusText.escape(method.getServiceName())
            + "\",grpc_method=\""
            + PrometheusText.escape(method.getBareMethodName())
            + "\"";
  }

  /** Counts a call that ended with {@code code} after {@code elapsedNanos}. */
  void handled(Status.Code code, long elapsedNanos) {
    handled[code.value()].increment();
    buckets[bucketOf(elapsedNanos)].increment();
    nanos.add(elapsedNanos);
  }

  private static int bucketOf(long elapsedNanos) {
    int i = 0;
    while (i < BUCKET_BOUNDS_NANOS.length && elapsedNanos > BUCKET_BOUNDS_NANOS[i]) {
      i++;
    }
    return i;
  }

  long handled(Status.Code code) {
    return handled[code.value()].sum();
  }

  /** Calls handled, whatever their code: the histogram's count. */
  long handledTotal() {
    long total = 0;
    for (LongAdder bucket : buckets) {
      total += bucket.sum();
    }
    return total;
  }

  /**
   * The histogram's cumulative bucket counts, one per bound and then +Inf, read once each so that
   * they are monotone even while calls end during the read.
   */
  long[] cumulativeBuckets() {
    long[] cumulative = new long[buckets.length];
    long running = 0;
    for (int i = 0; i < buckets.length; i++) {
      running += buckets[i].sum();
      cumulative[i] = running;
    }
    return cumulative;
  }

  long totalNanos() {
    return nanos.sum();
  }

  private static LongAdder[] newAdders(int n) {
    LongAdder[] adders = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }
}
