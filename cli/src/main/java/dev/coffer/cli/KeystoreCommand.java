package dev.coffer.cli;

import dev.coffer.keystore.KeyService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works on the keystore as the {@code --as} principal: the data directory's, opened
 * once for the command and closed before the process exits (releasing its lock), or the sidecar's
 * with {@code --server}.
 */
abstract class KeystoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    Invocation invocation = Invocation.of(spec);
    invocation.checkRemoteOptions();
    try {
      // Input first: in `coffer key encrypt … | coffer key decrypt`, the producer needs the
      // keystore lock, so the consumer must not take it while it waits for its input.
      readInput(invocation);
      try (Session session = invocation.openKeys()) {
        run(session.keys(), invocation);
      }
    } finally {
      discardInput();
    }
    return ExitCodes.OK;
  }

  /** Reads the command's input file or standard input, if it has one. */
  void readInput(Invocation invocation) {}

  /** Zeroes whatever secret {@link #readInput} kept. */
  void discardInput() {}

  /** Does the work and prints the result; failures are thrown as CofferExceptions. */
  abstract void run(KeyService kms, Invocation invocation);
}
