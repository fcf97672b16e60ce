package dev.coffer.keystore;

import dev.coffer.keystore.internal.store.DurableFile;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Child process for crash tests: changes a keystore as fast as it can, pausing at random between
 * the steps of each durable write so kills land inside them, and prints what it has committed.
 *
 * <ul>
 *   <li>{@code keys DIR}: creates keys; prints {@code COMMITTED generation} after each.
 *   <li>{@code encrypt DIR}: encrypts under {@code alias/counted}; prints {@code START count}, then
 *       {@code DONE n} after the n-th encryption.
 * </ul>
 */
public final class KeystoreWriterProcess {
  private KeystoreWriterProcess() {}

  public static void main(String[] args) throws Exception {
    DurableFile.StepHook jitter =
        step -> {
          if (ThreadLocalRandom.current().nextInt(4) == 0) {
            try {
              Thread.sleep(ThreadLocalRandom.current().nextInt(3));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    Keystore ks =
        Keystore.builder(Path.of(args[1])).storageHook(jitter).usageReservationBlock(50).open();
    KeyService kms = ks.as(KeystoreFixture.ADMIN);
    if (args[0].equals("keys")) {
      while (true) {
        kms.createKey(CreateKeyRequest.defaults());
        System.out.println("COMMITTED " + ks.generation());
        System.out.flush();
      }
    }
    if (kms.listAliases().isEmpty()) {
      kms.createAlias("alias/counted", kms.createKey(CreateKeyRequest.defaults()).keyId());
    }
    System.out.println(
        "START " + kms.describeKey("alias/counted").version(1).orElseThrow().encryptions());
    System.out.flush();
    for (long n = 1; ; n++) {
      kms.encrypt(EncryptRequest.of("alias/counted", new byte[] {1}, EncryptionContext.empty()));
      System.out.println("DONE " + n);
      System.out.flush();
    }
  }
}
