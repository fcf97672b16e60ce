package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeystoreUnavailableException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open and close with storage failing: each may fail, typed, but must release the directory (its
 * RocksDB lock and its keystore) so that the next open, with storage working, succeeds.
 */
class StorageLifecycleFaultTest {
  private static final byte[] DATA = ObjectRoundTripTest.random(3 * EngineFixture.SEGMENT, 1);

  @TempDir Path dir;

  @Test
  void open_whenItsWritesFail_failsTypedAndReleasesTheDirectory() throws Exception {
    try (EngineFixture fx = new EngineFixture(dir)) {
      fx.root().createBucket(CreateBucketRequest.of("data"));
      fx.root().putObject(PutObjectRequest.builder("data", "k").build(), DATA);
    }
    StorageFaultPlan faults = new StorageFaultPlan();
    faults.failWrite(1, true);

    Throwable thrown =
        catchThrowable(
            () ->
                Coffer.builder(dir)
                    .segmentSize(EngineFixture.SEGMENT)
                    .warmUpCrypto(false)
                    .storageFaults(faults)
                    .open()
                    .close());
    faults.clear();

    assertThat(faults.fired()).isPositive();
    assertStorageFailure(thrown);
    try (EngineFixture fx = new EngineFixture(dir)) {
      assertThat(ObjectRoundTripTest.readAll(fx.root().getObject(GetObjectRequest.of("data", "k"))))
          .isEqualTo(DATA);
    }
  }

  @Test
  void close_whenItsWritesFail_failsTypedAndReleasesTheDirectory() throws Exception {
    StorageFaultPlan faults = new StorageFaultPlan();
    EngineFixture fx = new EngineFixture(dir, b -> b.storageFaults(faults));
    fx.root().createBucket(CreateBucketRequest.of("data"));
    fx.root().putObject(PutObjectRequest.builder("data", "k").build(), DATA);

    faults.failWrite(1, true);
    Throwable thrown = catchThrowable(fx::close);
    faults.clear();

    assertThat(faults.fired()).isPositive();
    assertStorageFailure(thrown);
    try (EngineFixture again = new EngineFixture(dir)) {
      assertThat(
              ObjectRoundTripTest.readAll(again.root().getObject(GetObjectRequest.of("data", "k"))))
          .isEqualTo(DATA);
      assertThat(again.coffer().keystore().auditLog().orElseThrow().verify().intact()).isTrue();
    }
  }

  private static void assertStorageFailure(Throwable thrown) {
    assertThat(thrown)
        .isInstanceOf(KeystoreUnavailableException.class)
        .satisfies(
            e ->
                assertThat(((CofferException) e).errorCode()).isEqualTo(ErrorCode.STORAGE_FAILURE));
  }
}
