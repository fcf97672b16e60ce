package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeystoreUnavailableException;
import dev.coffer.keystore.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineLifecycleTest {
  @TempDir Path dir;

  private static ErrorCode codeOf(Throwable e) {
    return ((CofferException) e).errorCode();
  }

  @Test
  void open_createsItsDirectoriesOwnerOnly_andLeavesAnExistingParentAsItWas() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path data = dir.resolve("new/data");

    Coffer.builder(data).warmUpCrypto(false).open().close();

    for (Path created :
        List.of(
            dir.resolve("new"),
            data,
            data.resolve("keystore"),
            data.resolve("audit"),
            data.resolve("db"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created)))
          .as(created.toString())
          .isEqualTo("rwx------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwxr-xr-x");
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

  @Test
  void calls_afterClose_failWithClosedError_notAuditUnavailable() throws Exception {
    Principal root = Principal.accountRoot("000000000000");
    // The default configuration, audit log included: its closing must not mask the real reason.
    Coffer coffer = Coffer.builder(dir).segmentSize(16 * 1024).warmUpCrypto(false).open();
    ObjectStore s3 = coffer.as(root);
    RotationService rotation = coffer.rotation(Caller.of(root));
    s3.createBucket(CreateBucketRequest.of("shut"));
    s3.putObject(PutObjectRequest.builder("shut", "big").build(), new byte[40 * 1024]);
    ObjectContent open = s3.getObject(GetObjectRequest.of("shut", "big"));
    coffer.close();
    coffer.close();

    for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call :
        java.util.List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
            () -> s3.headObject("shut", "big"),
            () -> s3.getObject(GetObjectRequest.of("shut", "big")),
            () -> s3.putObject(PutObjectRequest.builder("shut", "k").build(), new byte[1]),
            s3::listBuckets,
            rotation::listJobs,
            () -> rotation.rotate("alias/coffer/default", false, false),
            () -> coffer.as(root).deleteObject("shut", "big"))) {
      assertThatThrownBy(call)
          .isInstanceOf(KeystoreUnavailableException.class)
          .hasMessageContaining("closed")
          .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.STORAGE_FAILURE));
    }
    assertThatThrownBy(open::readAllBytes)
        .isInstanceOf(IOException.class)
        .hasCauseInstanceOf(KeystoreUnavailableException.class);
    open.close();
  }
}
