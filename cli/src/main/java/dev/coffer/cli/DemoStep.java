package dev.coffer.cli;

import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.ErrorCode;
import java.util.Objects;

/**
 * One step of {@code coffer demo}: a title, the {@code coffer} command that does the same, and a
 * check that performs the step through the Java API and verifies what the narration claims.
 */
record DemoStep(String title, String command, Check check) {
  DemoStep {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(check, "check");
  }

  /** Performs a step; returns what happened, or throws {@link Mismatch} if it was not narrated. */
  @FunctionalInterface
  interface Check {
    String run(DemoTour.State state);
  }

  /** What a step did: whether it behaved as narrated, and the detail to print. */
  record Outcome(DemoStep step, boolean ok, String detail) {}

  /** The step behaved otherwise than narrated. */
  static final class Mismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(message);
    }
  }

  Outcome run(DemoTour.State state) {
    try {
      return new Outcome(this, true, check.run(state));
    } catch (Mismatch e) {
      return new Outcome(this, false, e.getMessage());
    } catch (CofferException e) {
      return new Outcome(this, false, "unexpected " + e.errorCode() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      return new Outcome(this, false, "unexpected " + e);
    }
  }

  static void expect(boolean condition, String expectation) {
    if (!condition) {
      throw new Mismatch("expected " + expectation);
    }
  }

  /** Runs {@code call}, which the narration says fails with {@code code}; returns the failure. */
  static CofferException refused(ErrorCode code, Runnable call) {
    try {
      call.run();
    } catch (CofferException e) {
      if (e.errorCode() == code) {
        return e;
      }
      throw new Mismatch("expected " + code + " but got " + e.errorCode() + ": " + e.getMessage());
    }
    throw new Mismatch("expected " + code + ", but the call succeeded");
  }
}
