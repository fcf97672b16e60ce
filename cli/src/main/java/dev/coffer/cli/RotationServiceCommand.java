package dev.coffer.cli;

import dev.coffer.engine.Coffer;
import dev.coffer.engine.RotationService;
import dev.coffer.keystore.Caller;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command on the object store's rotation jobs as the {@code --as} principal. Jobs run only while
 * some process has the data directory open; the store is closed when the command returns, and a job
 * still running then resumes from its checkpoint the next time the directory is opened.
 */
abstract class RotationServiceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws InterruptedException {
    Invocation invocation = Invocation.of(spec);
    try (Coffer coffer = invocation.openObjectStore(false)) {
      return run(coffer.rotation(Caller.of(invocation.principal())), invocation);
    }
  }

  /**
   * Does the work and prints the result; failures are thrown as CofferExceptions.
   *
   * @return the exit code
   */
  abstract int run(RotationService rotation, Invocation invocation) throws InterruptedException;
}
