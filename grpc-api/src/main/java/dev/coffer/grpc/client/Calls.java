package dev.coffer.grpc.client;

import dev.coffer.grpc.internal.StatusMapper;
import io.grpc.StatusRuntimeException;
import java.util.function.Supplier;

/** Runs a client call and turns a failed status into the embedded API's exception. */
final class Calls {
  private Calls() {}

  static <T> T call(Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw StatusMapper.toException(e);
    }
  }

  static void run(Runnable rpc) {
    call(
        () -> {
          rpc.run();
          return null;
        });
  }
}
