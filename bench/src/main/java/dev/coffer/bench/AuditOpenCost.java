package dev.coffer.bench;

import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.audit.AuditLogConfig;
import java.nio.file.Path;

/**
 * What opening a keystore costs beside a long audit log, from a cold JVM: every {@code coffer}
 * command is one such open. {@code prepare} writes a log the way use grows it, {@code open} times
 * one open (run it in fresh JVMs, alternating data directories and builds):
 *
 * <pre>
 * java -cp benchmarks.jar dev.coffer.bench.AuditOpenCost prepare DIR SESSIONS RECORDS
 * java -cp benchmarks.jar dev.coffer.bench.AuditOpenCost open DIR
 * </pre>
 *
 * A session opens the keystore, makes {@code RECORDS} calls (one audit record each) and closes it,
 * which signs a digest: 2,000 sessions of 1 record are a CLI used 2,000 times; 1 session of 65,000
 * records fills most of a 16 MiB segment.
 */
public final class AuditOpenCost {
  private AuditOpenCost() {}

  public static void main(String[] args) {
    if (args.length == 4 && args[0].equals("prepare")) {
      Path data = Path.of(args[1]);
      int sessions = Integer.parseInt(args[2]);
      int records = Integer.parseInt(args[3]);
      for (int s = 0; s < sessions; s++) {
        try (Keystore ks = open(data)) {
          KeyService kms = ks.as(Principal.accountRoot(Keystore.DEFAULT_ACCOUNT));
          for (int r = 0; r < records; r++) {
            kms.listKeys();
          }
        }
      }
    } else if (args.length == 2 && args[0].equals("open")) {
      long start = System.nanoTime();
      try (Keystore ks = open(Path.of(args[1]))) {
        System.out.printf(
            "open %.1f ms (log head %d)%n",
            (System.nanoTime() - start) / 1e6, ks.auditLog().orElseThrow().head().sequence());
      }
    } else {
      System.err.println(
          "usage: AuditOpenCost prepare DIR SESSIONS RECORDS | AuditOpenCost open DIR");
      System.exit(2);
    }
  }

  private static Keystore open(Path data) {
    return Keystore.builder(data.resolve("keystore"))
        .auditLog(AuditLogConfig.builder(data.resolve("audit")).build())
        .open();
  }
}
