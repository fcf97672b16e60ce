package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineLifecycleTest {
  @TempDir Path dir;

  private static ErrorCode codeOf(Throwable e) {
    return ((CofferException) e).errorCode();
  }

  @Test
  void aSecondOpenOfTheSameDirectory_isRefusedClearly() {
    try (EngineFixture fx = new EngineFixture(dir)) {
      assertThatThrownBy(() -> Coffer.builder(dir).warmUpCrypto(false).open())
          .isInstanceOf(CofferException.class)
          .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.KEYSTORE_LOCKED))
          .hasMessageContaining("in use");
      assertThat(fx.root().listBuckets()).isEmpty();
    }
  }

  @Test
  void anOlderKeystoreUnderTheSameStore_isRefused() throws Exception {
    Path saved = Files.createTempFile("keystore", ".bin");
    try (EngineFixture fx = new EngineFixture(dir)) {
      fx.root().createBucket(CreateBucketRequest.of("roll"));
      Files.copy(dir.resolve("keystore/keystore.bin"), saved, StandardCopyOption.REPLACE_EXISTING);
      fx.kms().createKey(CreateKeyRequest.defaults());
    }
    Files.copy(saved, dir.resolve("keystore/keystore.bin"), StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> Coffer.builder(dir).warmUpCrypto(false).open())
        .isInstanceOf(CofferException.class)
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.ROLLBACK_DETECTED))
        .hasMessageContaining("old copy");
    Files.delete(saved);
  }

  @Test
  void closeZeroesBucketKeys_andReopenWorks() {
    try (EngineFixture fx = new EngineFixture(dir)) {
      String key = fx.kms().createKey(CreateKeyRequest.defaults()).arn();
      fx.root().createBucket(CreateBucketRequest.of("zero", new BucketEncryption(key, true)));
      fx.root().putObject(PutObjectRequest.builder("zero", "o").build(), new byte[] {1});
      assertThat(fx.coffer().cachedBucketKeys()).isEqualTo(1);
      fx.reopen();
      assertThat(fx.coffer().cachedBucketKeys()).isZero();
      assertThat(fx.root().headObject("zero", "o").size()).isEqualTo(1);
    }
  }
}
