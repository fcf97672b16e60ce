package dev.coffer.keystore;

import dev.coffer.keystore.audit.AuditLogConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child process for the audit crash test: several threads encrypt under {@code alias/counted} as
 * fast as they can through a keystore with an audit log, each call's encryption context naming it
 * ({@code call=T-N}), and print {@code ACK T-N} once the call returned, i.e. once its record was
 * acknowledged. Digests come every 25 events, so anchoring runs under the kill too.
 */
public final class AuditWriterProcess {
  static final int THREADS = 4;

  private AuditWriterProcess() {}

  static Keystore.Builder builder(Path data) {
    return Keystore.builder(data.resolve("keystore"))
        .usageReservationBlock(50)
        .auditLog(
            AuditLogConfig.builder(data.resolve("audit"))
                .segmentSize(64 << 10)
                .digestEvery(25, Duration.ofMillis(50))
                .build());
  }

  public static void main(String[] args) throws Exception {
    Keystore ks = builder(Path.of(args[0])).open();
    KeyService kms = ks.as(KeystoreFixture.ADMIN);
    if (kms.listAliases().isEmpty()) {
      kms.createAlias("alias/counted", kms.createKey(CreateKeyRequest.defaults()).keyId());
    }
    String round = args[1];
    System.out.println("READY");
    System.out.flush();
    for (int t = 0; t < THREADS; t++) {
      String thread = round + "." + t;
      new Thread(
              () -> {
                for (long n = 1; ; n++) {
                  String call = thread + "-" + n;
                  kms.encrypt(
                      EncryptRequest.of(
                          "alias/counted", new byte[] {1}, EncryptionContext.of("call", call)));
                  synchronized (System.out) {
                    System.out.println("ACK " + call);
                    System.out.flush();
                  }
                }
              })
          .start();
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
