package dev.coffer.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.internal.store.DurableFile;
import dev.coffer.keystore.internal.store.StoredState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PersistenceTest {
  @TempDir Path dir;

  private static ErrorCode codeOf(Throwable e) {
    return ((CofferException) e).errorCode();
  }

  @Test
  void everyChange_isOnDiskBeforeTheCallReturns_withAGrowingGeneration() throws Exception {
    try (KeystoreFixture fx = new KeystoreFixture(dir)) {
      long g0 = fx.keystore().generation();
      KeyMetadata key = fx.newKey();
      assertThat(StoredState.generationOnDisk(dir)).isEqualTo(g0 + 1);
      fx.admin().createAlias("alias/x", key.keyId());
      fx.admin().rotateKeyOnDemand(key.keyId());
      assertThat(StoredState.generationOnDisk(dir)).isEqualTo(g0 + 3);
      assertThat(fx.keystore().generation()).isEqualTo(g0 + 3);
      KeyMetadata before = fx.admin().describeKey(key.keyId());
      fx.reopen();
      assertThat(fx.admin().describeKey(key.keyId())).isEqualTo(before);
      assertThat(fx.keystore().generation()).isEqualTo(g0 + 3);
    }
  }

  @Test
  void readOnlyCalls_doNotWrite() throws Exception {
    try (KeystoreFixture fx = new KeystoreFixture(dir)) {
      KeyMetadata key = fx.newKey();
      long g = fx.keystore().generation();
      fx.admin().describeKey(key.keyId());
      fx.admin().listKeys();
      fx.admin().enableKey(key.keyId());
      assertThat(fx.keystore().generation()).isEqualTo(g);
    }
  }

  @Test
  void anOlderCopy_isRecognisedByItsGeneration() throws Exception {
    Path saved = Files.createDirectory(dir.resolveSibling(dir.getFileName() + "-copy"));
    long seen;
    try (KeystoreFixture fx = new KeystoreFixture(dir)) {
      fx.newKey();
      Files.copy(dir.resolve("keystore.bin"), saved.resolve("keystore.bin"));
      fx.newKey();
      seen = fx.keystore().generation();
    }
    Files.copy(
        saved.resolve("keystore.bin"),
        dir.resolve("keystore.bin"),
        StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> Keystore.builder(dir).minimumGeneration(seen).open())
        .isInstanceOf(KeystoreUnavailableException.class)
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.ROLLBACK_DETECTED))
        .hasMessageContaining("older than generation " + seen);
    try (Keystore old = Keystore.builder(dir).minimumGeneration(seen - 1).open()) {
      assertThat(old.generation()).isEqualTo(seen - 1);
    }
  }

  @Test
  void anEditedGeneration_failsAuthentication() throws Exception {
    try (KeystoreFixture fx = new KeystoreFixture(dir)) {
      fx.newKey();
    }
    byte[] file = Files.readAllBytes(dir.resolve("keystore.bin"));
    dev.coffer.format.v1.KeystoreHeader header = headerOf(file);
    byte[] forged =
        withHeader(file, header.toBuilder().setGeneration(header.getGeneration() + 100).build());
    Files.write(dir.resolve("keystore.bin"), forged);
    assertThatThrownBy(() -> Keystore.builder(dir).open())
        .isInstanceOf(KeystoreUnavailableException.class)
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INTEGRITY_FAILURE));
  }

  @Test
  void anyFlippedByteOfTheFile_isRefused_neverMisread() throws Exception {
    try (KeystoreFixture fx = new KeystoreFixture(dir)) {
      fx.newKey();
    }
    byte[] good = Files.readAllBytes(dir.resolve("keystore.bin"));
    for (int i = 0; i < good.length; i += Math.max(1, good.length / 97)) {
      byte[] bad = good.clone();
      bad[i] ^= 0x01;
      Files.write(dir.resolve("keystore.bin"), bad);
      assertThatThrownBy(() -> Keystore.builder(dir).open())
          .as("byte %d", i)
          .isInstanceOf(KeystoreUnavailableException.class);
    }
  }

  @Test
  void aSecondOpen_ofTheSameDirectory_isRefusedClearly() {
    try (KeystoreFixture fx = new KeystoreFixture(dir)) {
      assertThatThrownBy(() -> Keystore.builder(dir).open())
          .isInstanceOf(KeystoreUnavailableException.class)
          .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.KEYSTORE_LOCKED))
          .hasMessageContaining("in use");
      assertThat(fx.admin().listKeys()).as("the first opener is unaffected").isEmpty();
    }
    Keystore.builder(dir).open().close();
  }

  @Test
  void open_withoutCreate_onAnEmptyDirectory_isNotFound() {
    assertThatThrownBy(() -> Keystore.builder(dir.resolve("none")).createIfMissing(false).open())
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no keystore");
  }

  @ParameterizedTest
  @EnumSource(DurableFile.Step.class)
  void aFailedWrite_atAnyStep_leavesTheOldOrTheNewState(DurableFile.Step failAt) throws Exception {
    AtomicBoolean armed = new AtomicBoolean();
    DurableFile.StepHook hook =
        step -> {
          if (armed.get() && step == failAt) {
            armed.set(false);
            throw new IOException("injected failure before " + step);
          }
        };
    String existing;
    long generationBefore;
    try (Keystore ks = Keystore.builder(dir).storageHook(hook).open()) {
      KeyService kms = ks.as(KeystoreFixture.ADMIN);
      existing = kms.createKey(CreateKeyRequest.defaults()).keyId();
      generationBefore = ks.generation();
      armed.set(true);
      assertThatThrownBy(() -> kms.createKey(CreateKeyRequest.defaults()))
          .isInstanceOf(KeystoreUnavailableException.class)
          .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.STORAGE_FAILURE));
      assertThat(kms.listKeys()).as("memory keeps the old state").hasSize(1);
      assertThat(ks.generation()).isEqualTo(generationBefore);
    }
    try (Keystore reopened = Keystore.builder(dir).open()) {
      int keys = reopened.as(KeystoreFixture.ADMIN).listKeys().size();
      if (keys == 1) {
        assertThat(reopened.generation()).isEqualTo(generationBefore);
      } else {
        assertThat(keys).isEqualTo(2);
        assertThat(reopened.generation()).isEqualTo(generationBefore + 1);
      }
      assertThat(reopened.as(KeystoreFixture.ADMIN).describeKey(existing).enabled()).isTrue();
      assertThat(Files.exists(DurableFile.tempFor(dir.resolve("keystore.bin")))).isFalse();
    }
  }

  @Test
  void afterAFailedWrite_laterChangesGetFreshGenerations() throws Exception {
    AtomicBoolean fail = new AtomicBoolean();
    DurableFile.StepHook hook =
        step -> {
          if (fail.get() && step == DurableFile.Step.SYNC_DIRECTORY) {
            fail.set(false);
            throw new IOException("injected");
          }
        };
    long failedGeneration;
    try (Keystore ks = Keystore.builder(dir).storageHook(hook).open()) {
      KeyService kms = ks.as(KeystoreFixture.ADMIN);
      fail.set(true);
      failedGeneration = ks.generation() + 1;
      assertThatThrownBy(() -> kms.createKey(CreateKeyRequest.defaults()))
          .isInstanceOf(KeystoreUnavailableException.class);
      kms.createKey(CreateKeyRequest.defaults());
      assertThat(ks.generation())
          .as("the failed attempt's generation is never reused")
          .isGreaterThan(failedGeneration);
    }
  }

  private static dev.coffer.format.v1.KeystoreHeader headerOf(byte[] file) throws IOException {
    int len = java.nio.ByteBuffer.wrap(file, 8, 4).getInt();
    return dev.coffer.format.v1.KeystoreHeader.parseFrom(
        java.util.Arrays.copyOfRange(file, 12, 12 + len));
  }

  private static byte[] withHeader(byte[] file, dev.coffer.format.v1.KeystoreHeader header) {
    int oldLen = java.nio.ByteBuffer.wrap(file, 8, 4).getInt();
    byte[] h = header.toByteArray();
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(file.length - oldLen + h.length);
    out.put(file, 0, 8).putInt(h.length).put(h).put(file, 12 + oldLen, file.length - 12 - oldLen);
    return out.array();
  }
}
