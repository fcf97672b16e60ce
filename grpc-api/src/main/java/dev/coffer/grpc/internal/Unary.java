package dev.coffer.grpc.internal;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * Runs the body of a unary call and answers with its result, or with the status {@link
 * StatusMapper} gives its failure. A call whose deadline passed or that the client cancelled before
 * the body started is not run at all.
 */
final class Unary {
  private Unary() {}

  static <T> void answer(StreamObserver<T> out, Supplier<T> body) {
    if (Context.current().isCancelled()) {
      return;
    }
    T result;
    try {
      result = body.get();
    } catch (RuntimeException e) {
      out.onError(StatusMapper.toStatus(e));
      return;
    }
    out.onNext(result);
    out.onCompleted();
  }

  /** For operations without a result. */
  static <T> void run(StreamObserver<T> out, T empty, Runnable body) {
    answer(
        out,
        () -> {
          body.run();
          return empty;
        });
  }
}
