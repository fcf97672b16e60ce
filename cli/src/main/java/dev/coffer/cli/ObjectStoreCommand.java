package dev.coffer.cli;

import dev.coffer.engine.ObjectStore;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command on the object store as the {@code --as} principal: the data directory's (and its
 * keystore), opened once for the command and closed before the process exits (releasing the
 * directory's lock), or the sidecar's with {@code --server}.
 */
abstract class ObjectStoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws IOException {
    Invocation invocation = Invocation.of(spec);
    invocation.checkRemoteOptions();
    // Bounded inputs (policies) first, as the key commands do, so that a producer piping into
    // this command is not locked out of the data directory while this one waits for its input.
    prepare(invocation);
    try (Session session = invocation.openStore(movesObjectData())) {
      run(session, invocation);
    }
    return ExitCodes.OK;
  }

  /**
   * Whether the command encrypts or decrypts object data: only then may the engine warm up its
   * ciphers in the background, which it does with the first object of 1 MiB or more.
   */
  boolean movesObjectData() {
    return false;
  }

  /**
   * Reads the command's bounded input (a policy file) and checks its arguments, before the data
   * directory is opened.
   */
  void prepare(Invocation invocation) {}

  /** Does the work; commands that also use the keystore override this one. */
  void run(Session session, Invocation invocation) throws IOException {
    run(session.objects(), invocation);
  }

  /**
   * Does the work and prints the result; failures are thrown as CofferExceptions, or as
   * IOExceptions (whose CofferException cause, if any, decides the exit code). Every command
   * overrides this one or {@link #run(Session, Invocation)}.
   */
  void run(ObjectStore s3, Invocation invocation) throws IOException {
    throw new IllegalStateException(getClass().getSimpleName() + " overrides no run method");
  }
}
