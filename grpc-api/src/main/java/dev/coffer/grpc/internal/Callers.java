package dev.coffer.grpc.internal;

import dev.coffer.keystore.Caller;
import io.grpc.Context;

/** The authenticated caller of the current call, as the interceptor put it in the gRPC context. */
public final class Callers {
  static final Context.Key<Caller> KEY = Context.key("coffer-caller");

  private Callers() {}

  /**
   * The caller of the call being served.
   *
   * @throws IllegalStateException outside a call that passed authentication (a wiring bug)
   */
  public static Caller current() {
    Caller caller = KEY.get();
    if (caller == null) {
      throw new IllegalStateException("no authenticated caller in this context");
    }
    return caller;
  }
}
