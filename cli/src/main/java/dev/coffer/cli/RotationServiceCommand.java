package dev.coffer.cli;

import dev.coffer.engine.RotationService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command on the object store's rotation jobs as the {@code --as} principal, here or through
 * {@code --server}. Jobs run only while some process has the data directory open (a sidecar does);
 * the store is closed when the command returns, and a job still running then resumes from its
 * checkpoint the next time the directory is opened.
 */
abstract class RotationServiceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws InterruptedException {
    Invocation invocation = Invocation.of(spec);
    try (Session session = invocation.openStore(false)) {
      return run(session.rotation(), invocation);
    }
  }

  /**
   * Does the work and prints the result; failures are thrown as CofferExceptions.
   *
   * @return the exit code
   */
  abstract int run(RotationService rotation, Invocation invocation) throws InterruptedException;
}
