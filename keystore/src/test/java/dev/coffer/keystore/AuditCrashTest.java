package dev.coffer.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.audit.AuditLog;
import dev.coffer.keystore.audit.AuditQuery;
import dev.coffer.keystore.audit.AuditRecord;
import dev.coffer.keystore.audit.VerificationReport;
import dev.coffer.keystore.testing.ChildJvm;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM appending under load from several threads is killed (SIGKILL) at random moments; each
 * reopen finds a chain that verifies, with every acknowledged record present, having lost at most
 * the torn tail of calls that were never acknowledged.
 */
class AuditCrashTest {
  private static final int ROUNDS = 3;

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
  void killedWhileAppending_reopensVerified_withEveryAcknowledgedRecord() throws Exception {
    Set<String> acknowledged = new HashSet<>();
    for (int round = 0; round < ROUNDS; round++) {
      try (ChildJvm child =
          ChildJvm.start(AuditWriterProcess.class, dir.toString(), Integer.toString(round))) {
        assertThat(child.readLine()).isEqualTo("READY");
        int acks = 50 + random.nextInt(600);
        for (int i = 0; i < acks; i++) {
          String line = child.readLine();
          assertThat(line).startsWith("ACK ");
          acknowledged.add(line.substring(4));
        }
        child.kill();
        // What the child acknowledged before it died but this reader had not reached counts too.
        for (String line : child.remainingLines()) {
          if (line.startsWith("ACK ")) {
            acknowledged.add(line.substring(4));
          }
        }
      }
      try (Keystore ks = AuditWriterProcess.builder(dir).open()) {
        AuditLog log = ks.auditLog().orElseThrow();
        VerificationReport report = log.verify();
        assertThat(report.intact()).as(report.summary()).isTrue();
        Set<String> recorded = new HashSet<>();
        long exported =
            log.export(AuditQuery.builder().eventName("Encrypt").build(), new StringBuilder());
        for (String token = null; ; ) {
          AuditQuery.Builder q = AuditQuery.builder().eventName("Encrypt").limit(5000);
          var page = log.query(token == null ? q.build() : q.resumeToken(token).build());
          for (AuditRecord r : page.records()) {
            recorded.add(r.encryptionContext().get("call"));
          }
          if (page.resumeToken().isEmpty()) {
            break;
          }
          token = page.resumeToken().get();
        }
        assertThat(exported).isEqualTo(recorded.size());
        assertThat(recorded).as("round %d", round).containsAll(acknowledged);
      }
    }
  }
}
