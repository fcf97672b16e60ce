package dev.coffer.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.testing.ChildJvm;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A child JVM changing the keystore is killed at random points; every reopen must be sound. */
class CrashTest {
  private static final int ROUNDS = 8;

  @TempDir Path dir;
  private final long seed = Long.getLong("coffer.crash.seed", System.nanoTime());
  private final Random random = new Random(seed);

  /** Surefire keeps this in the test's output file: a failure reruns with the same kills. */
  @BeforeEach
  void printSeed() {
    System.out.println("crash seed " + seed + " (rerun with -Dcoffer.crash.seed=" + seed + ")");
  }

  @Test
  @Timeout(120)
  void killedWhileCreatingKeys_reopensToTheLastCommittedStateOrOneAfter() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      long lastCommitted = 0;
      try (ChildJvm child = ChildJvm.start(KeystoreWriterProcess.class, "keys", dir.toString())) {
        int commits = 1 + random.nextInt(40);
        for (int i = 0; i < commits; i++) {
          String line = child.readLine();
          assertThat(line).startsWith("COMMITTED ");
          lastCommitted = Long.parseLong(line.substring(10));
        }
        child.kill();
        // The child runs ahead of this reader: count everything it reported before it died, so
        // that the bound below is checked against its real progress.
        for (String line : child.remainingLines()) {
          if (line.matches("COMMITTED \\d+")) {
            lastCommitted = Math.max(lastCommitted, Long.parseLong(line.substring(10)));
          }
        }
      }
      try (Keystore ks = Keystore.builder(dir).open()) {
        long generation = ks.generation();
        assertThat(generation).isBetween(lastCommitted, lastCommitted + 1);
        assertThat(ks.as(KeystoreFixture.ADMIN).listKeys())
            .as("one key per generation after the first")
            .hasSize((int) generation - 1);
      }
    }
  }

  @Test
  @Timeout(120)
  void killedWhileEncrypting_neverUndercountsAVersionsUse() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      long start;
      long done = 0;
      try (ChildJvm child =
          ChildJvm.start(KeystoreWriterProcess.class, "encrypt", dir.toString())) {
        String first = child.readLine();
        assertThat(first).startsWith("START ");
        start = Long.parseLong(first.substring(6));
        int encryptions = 1 + random.nextInt(300);
        for (int i = 0; i < encryptions; i++) {
          done = Long.parseLong(child.readLine().substring(5));
        }
        child.kill();
        // The child runs ahead of this reader: count everything it reported before it died, so
        // that the bounds below are checked against its real progress.
        for (String line : child.remainingLines()) {
          if (line.matches("DONE \\d+")) {
            done = Math.max(done, Long.parseLong(line.substring(5)));
          }
        }
      }
      try (Keystore ks = Keystore.builder(dir).open()) {
        long counted =
            ks.as(KeystoreFixture.ADMIN)
                .describeKey("alias/counted")
                .version(1)
                .orElseThrow()
                .encryptions();
        assertThat(counted).isGreaterThanOrEqualTo(start + done);
        assertThat(counted).as("at most one block is burnt").isLessThanOrEqualTo(start + done + 51);
      }
    }
  }
}
