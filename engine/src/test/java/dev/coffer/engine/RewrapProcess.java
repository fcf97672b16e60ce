package dev.coffer.engine;

import dev.coffer.keystore.Caller;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import java.nio.file.Path;

/**
 * Child process for the rewrap crash test: opens the store (which resumes any unfinished job), then
 * reports the job's progress as {@code DONE-SO-FAR n} lines until it finishes, and prints {@code
 * FINISHED state} at the end.
 */
public final class RewrapProcess {
  static final Principal ROOT = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);

  private RewrapProcess() {}

  static Coffer open(Path dir) {
    return Coffer.builder(dir).segmentSize(EngineFixture.SEGMENT).warmUpCrypto(false).open();
  }

  public static void main(String[] args) throws Exception {
    try (Coffer coffer = open(Path.of(args[0]))) {
      RotationService rotation = coffer.rotation(Caller.of(ROOT));
      String jobId = args[1];
      System.out.println("OPEN");
      System.out.flush();
      long last = -1;
      while (true) {
        JobStatus s = rotation.job(jobId);
        if (s.done() != last) {
          last = s.done();
          System.out.println("DONE-SO-FAR " + last);
          System.out.flush();
        }
        if (s.state() != JobState.RUNNING) {
          System.out.println("FINISHED " + s.state());
          System.out.flush();
          return;
        }
        Thread.sleep(2);
      }
    }
  }
}
