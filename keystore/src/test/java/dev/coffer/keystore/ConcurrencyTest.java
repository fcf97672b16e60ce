package dev.coffer.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.internal.store.DurableFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
  private static final EncryptionContext CONTEXT = EncryptionContext.of("t", "1");

  @TempDir Path dir;

  @Test
  @Timeout(30)
  void dataKeyOperations_onOneKey_doNotWaitForAWriteOfAnotherKey() throws Exception {
    AtomicBoolean stallNextWrite = new AtomicBoolean();
    CountDownLatch writeStalled = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    DurableFile.StepHook hook =
        step -> {
          if (step == DurableFile.Step.WRITE_TEMP && stallNextWrite.compareAndSet(true, false)) {
            writeStalled.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    try (Keystore ks = Keystore.builder(dir).storageHook(hook).open()) {
      KeyService kms = ks.as(KeystoreFixture.ADMIN);
      String a = kms.createKey(CreateKeyRequest.defaults()).keyId();
      String b = kms.createKey(CreateKeyRequest.defaults()).keyId();
      Ciphertext warm = kms.encrypt(EncryptRequest.of(b, new byte[] {1}, CONTEXT));
      stallNextWrite.set(true);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      // Key a's first encryption must persist a usage reservation: that write stalls.
      Future<Ciphertext> stalled =
          pool.submit(() -> kms.encrypt(EncryptRequest.of(a, new byte[] {2}, CONTEXT)));
      assertThat(writeStalled.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 200; i++) {
        kms.generateDataKey(GenerateDataKeyRequest.of(b, CONTEXT)).close();
        kms.decrypt(DecryptRequest.of(warm, CONTEXT)).close();
      }
      assertThat(stalled.isDone()).as("key a is still waiting for its write").isFalse();
      release.countDown();
      assertThat(stalled.get(10, TimeUnit.SECONDS).keyVersion()).isEqualTo(1);
      pool.shutdown();
    }
  }

  @Test
  @Timeout(60)
  void manyThreads_onManyKeys_withRotations_allRoundTrip_andCountsAreExact() throws Exception {
    try (KeystoreFixture fx = new KeystoreFixture(dir, b -> b.usageReservationBlock(7))) {
      KeyService kms = fx.admin();
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        keys.add(fx.newKey().keyId());
      }
      int threads = 6;
      int perThread = 300;
      ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    String key = keys.get((seed + i) % keys.size());
                    EncryptionContext ctx = CONTEXT.with("i", Integer.toString(i));
                    try (DataKey dk = kms.generateDataKey(GenerateDataKeyRequest.of(key, ctx));
                        Decrypted d = kms.decrypt(DecryptRequest.of(dk.wrapped(), ctx))) {
                      assertThat(d.plaintext().toByteArray(InsecureSecretAccess.get()))
                          .isEqualTo(dk.plaintext().toByteArray(InsecureSecretAccess.get()));
                    }
                  }
                  return null;
                }));
      }
      work.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 20; i++) {
                  kms.rotateKeyOnDemand(keys.get(i % keys.size()));
                }
                return null;
              }));
      for (Future<?> f : work) {
        f.get(50, TimeUnit.SECONDS);
      }
      pool.shutdown();
      long total =
          keys.stream()
              .flatMap(k -> kms.describeKey(k).versions().stream())
              .mapToLong(KeyVersionInfo::encryptions)
              .sum();
      assertThat(total).isEqualTo((long) threads * perThread);
    }
  }
}
