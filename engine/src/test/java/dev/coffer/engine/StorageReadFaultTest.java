package dev.coffer.engine;

import static dev.coffer.engine.EngineFixture.SEGMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.engine.internal.store.EngineDb.Family;
import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeystoreUnavailableException;
import dev.coffer.keystore.VersionState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads that fail: an operation that needs a row it cannot read fails with the typed storage error,
 * never with a short answer, and an object stream that cannot read a segment fails instead of
 * ending as if the object were shorter.
 */
class StorageReadFaultTest {
  private static final byte[] SMALL = ObjectRoundTripTest.random(100, 1);
  private static final byte[] BIG = ObjectRoundTripTest.random(5 * SEGMENT + 3, 2);

  @TempDir Path dir;

  /** An operation that fails when every read of {@code family} fails. */
  record ReadPath(
      String name,
      Family family,
      String event,
      Consumer<ObjectStore> operation,
      Class<? extends Exception> withoutFault) {
    ReadPath(String name, Family family, String event, Consumer<ObjectStore> operation) {
      this(name, family, event, operation, null);
    }

    @Override
    public String toString() {
      return name + " (" + family + " unreadable)";
    }
  }

  static Stream<ReadPath> paths() {
    return Stream.of(
        new ReadPath("get of a small object", Family.OBJECTS, "GetObject", s -> get(s, "small")),
        new ReadPath("head", Family.OBJECTS, "HeadObject", s -> s.headObject("data", "big")),
        new ReadPath(
            "get of an object under a bucket key",
            Family.BUCKET_KEYS,
            "GetObject",
            s -> get(s, "keyed", "k")),
        new ReadPath(
            "head of an object under a bucket key",
            Family.BUCKET_KEYS,
            "HeadObject",
            s -> s.headObject("keyed", "k")),
        new ReadPath("list", Family.OBJECTS, "ListObjects", StorageReadFaultTest::list),
        new ReadPath("list buckets", Family.BUCKETS, "ListBuckets", ObjectStore::listBuckets),
        new ReadPath(
            "bucket encryption",
            Family.BUCKETS,
            "GetBucketEncryption",
            s -> s.getBucketEncryption("data")),
        new ReadPath(
            "delete of a bucket with objects",
            Family.OBJECTS,
            "DeleteBucket",
            s -> s.deleteBucket("data"),
            InvalidStateException.class),
        new ReadPath(
            "delete object", Family.OBJECTS, "DeleteObject", s -> s.deleteObject("data", "big")),
        new ReadPath(
            "put over an object (reading the version it replaces)",
            Family.OBJECTS,
            "PutObject",
            s ->
                s.putObject(
                    PutObjectRequest.builder("data", "big").build(),
                    ObjectRoundTripTest.random(6 * SEGMENT, 3))),
        new ReadPath("copy, its source's record", Family.OBJECTS, "CopyObject", s -> copy(s)),
        new ReadPath("copy, its source's segments", Family.CHUNKS, "CopyObject", s -> copy(s)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  void operation_whenItsReadsFail_failsTypedAndAuditedAndChangesNothing(ReadPath path)
      throws Exception {
    StorageFaultPlan faults = new StorageFaultPlan();
    try (EngineFixture fx = new EngineFixture(dir, b -> b.storageFaults(faults))) {
      setUp(fx);
      StoreSnapshot before = StoreSnapshot.of(fx.root());
      // A fresh engine: nothing it reads is cached yet.
      fx.reopen();

      faults.failReads(path.family());
      Throwable thrown = catchThrowable(() -> path.operation().accept(fx.root()));
      faults.clear();

      assertThat(faults.fired()).as("reads failed").isPositive();
      assertTypedStorageFailure(thrown);
      AuditEvent event = fx.lastEngineEvent();
      assertThat(event.eventName()).isEqualTo(path.event());
      assertThat(event.outcome()).isEqualTo(AuditOutcome.ERROR);
      assertThat(event.errorCode()).contains(ErrorCode.STORAGE_FAILURE);
      assertThat(StoreSnapshot.of(fx.root())).isEqualTo(before);
      assertThat(EngineInspector.chunkCount(fx)).isEqualTo(StoreSnapshot.referencedChunks(fx));
      Throwable again = catchThrowable(() -> path.operation().accept(fx.root()));
      if (path.withoutFault() == null) {
        assertThat(again).as("without the fault").isNull();
      } else {
        assertThat(again).as("without the fault").isInstanceOf(path.withoutFault());
      }
    }
  }

  @Test
  void get_whenAMiddleSegmentCannotBeRead_failsTheStreamTypedAfterOnlyTheBytesBeforeIt()
      throws Exception {
    StorageFaultPlan faults = new StorageFaultPlan();
    try (EngineFixture fx = new EngineFixture(dir, b -> b.storageFaults(faults))) {
      setUp(fx);
      faults.failRead(Family.CHUNKS, 3);
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      Throwable thrown;
      try (ObjectContent content = fx.root().getObject(GetObjectRequest.of("data", "big"))) {
        thrown =
            catchThrowable(
                () -> {
                  byte[] buffer = new byte[4096];
                  for (int n; (n = content.read(buffer)) >= 0; ) {
                    got.write(buffer, 0, n);
                  }
                });
      }
      faults.clear();

      assertThat(thrown).isInstanceOf(IOException.class);
      assertTypedStorageFailure(thrown.getCause());
      assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(BIG, 2 * SEGMENT));
      AuditEvent failed = fx.lastEngineEvent();
      assertThat(failed.eventName()).isEqualTo("GetObject");
      assertThat(failed.outcome()).isEqualTo(AuditOutcome.ERROR);
      assertThat(failed.errorCode()).contains(ErrorCode.STORAGE_FAILURE);
      assertThat(failed.requestParameters()).containsEntry("failedAtByte", "" + 2 * SEGMENT);
      assertThat(
              ObjectRoundTripTest.readAll(fx.root().getObject(GetObjectRequest.of("data", "big"))))
          .isEqualTo(BIG);
    }
  }

  @Test
  void list_whenAScanStepInTheMiddleFails_failsInsteadOfReturningTheKeysBeforeIt()
      throws Exception {
    StorageFaultPlan faults = new StorageFaultPlan();
    try (EngineFixture fx = new EngineFixture(dir, b -> b.storageFaults(faults))) {
      setUp(fx);
      faults.failRead(Family.OBJECTS, 2);
      Throwable thrown = catchThrowable(() -> list(fx.root()));
      faults.clear();

      assertTypedStorageFailure(thrown);
      assertThat(list(fx.root()).contents()).hasSize(3);
    }
  }

  /**
   * A real fault, not an injected one: a damaged block of a table file makes RocksDB's iterator
   * stop with an error status, which looks like the end of the range unless the status is checked.
   */
  @Test
  void list_whenATableBlockIsDamaged_failsAsAnIntegrityFailureInsteadOfEndingEarly()
      throws Exception {
    try (EngineFixture fx = new EngineFixture(dir)) {
      fx.root().createBucket(CreateBucketRequest.of("data"));
      for (int i = 0; i < 300; i++) {
        fx.root()
            .putObject(
                PutObjectRequest.builder("data", String.format("k%04d", i)).build(), new byte[10]);
      }
      ((EngineDb) EngineInspector.db(fx)).flush(Family.OBJECTS);
      Path objects = newestTableFile(fx.directory.resolve("db"));
      fx.coffer().close();
      byte[] table = Files.readAllBytes(objects);
      // Data blocks come first; 40% in is well inside one, far from the index and footer.
      int at = table.length * 2 / 5;
      for (int i = at; i < at + 16; i++) {
        table[i] ^= (byte) 0x5a;
      }
      Files.write(objects, table);
      fx.reopen();

      Throwable thrown =
          catchThrowable(
              () ->
                  fx.root().listObjects(ListObjectsRequest.builder("data").maxKeys(1000).build()));

      assertThat(thrown)
          .isInstanceOf(KeystoreUnavailableException.class)
          .satisfies(
              e ->
                  assertThat(((CofferException) e).errorCode())
                      .isEqualTo(ErrorCode.INTEGRITY_FAILURE));
      assertThat(fx.lastEngineEvent().outcome()).isEqualTo(AuditOutcome.ERROR);
    }
  }

  @Test
  void retireVersions_whenTheReferenceScanFails_refusesTypedAndTheOldVersionStillDecrypts()
      throws Exception {
    // The scan is all that stands between retirement and destroying a version objects still
    // need: one that cannot read must not count as one that found nothing.
    StorageFaultPlan faults = new StorageFaultPlan();
    try (EngineFixture fx = new EngineFixture(dir, b -> b.storageFaults(faults))) {
      setUp(fx);
      String key = fx.kms().createKey(CreateKeyRequest.defaults()).arn();
      fx.root().createBucket(CreateBucketRequest.of("mine", new BucketEncryption(key, false)));
      fx.root().putObject(PutObjectRequest.builder("mine", "o").build(), SMALL);
      RotationService rotation = fx.coffer().rotation(Caller.of(fx.rootPrincipal()));
      rotation.rotate(key, false, false);

      faults.failRead(Family.OBJECTS, 2);
      Throwable thrown = catchThrowable(() -> rotation.retireVersions(key, 2, true));
      faults.clear();

      assertTypedStorageFailure(thrown);
      assertThat(fx.kms().describeKey(key).versions())
          .allSatisfy(v -> assertThat(v.state()).isEqualTo(VersionState.ACTIVE));
      assertThat(ObjectRoundTripTest.readAll(fx.root().getObject(GetObjectRequest.of("mine", "o"))))
          .isEqualTo(SMALL);
    }
  }

  private static Path newestTableFile(Path db) throws IOException {
    try (Stream<Path> files = Files.list(db)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".sst"))
          .max(
              Comparator.comparingLong(
                  p -> Long.parseLong(p.getFileName().toString().split("\\.")[0])))
          .orElseThrow();
    }
  }

  private static void assertTypedStorageFailure(Throwable thrown) {
    assertThat(thrown)
        .isInstanceOf(KeystoreUnavailableException.class)
        .satisfies(
            e ->
                assertThat(((CofferException) e).errorCode()).isEqualTo(ErrorCode.STORAGE_FAILURE));
  }

  private static void setUp(EngineFixture fx) {
    ObjectStore s3 = fx.root();
    s3.createBucket(CreateBucketRequest.of("data"));
    s3.putObject(PutObjectRequest.builder("data", "small").build(), SMALL);
    s3.putObject(PutObjectRequest.builder("data", "big").build(), BIG);
    s3.putObject(PutObjectRequest.builder("data", "copy").build(), SMALL);
    s3.createBucket(
        CreateBucketRequest.of(
            "keyed",
            new BucketEncryption(fx.kms().createKey(CreateKeyRequest.defaults()).arn(), true)));
    s3.putObject(PutObjectRequest.builder("keyed", "k").build(), SMALL);
  }

  private static void get(ObjectStore s3, String key) {
    get(s3, "data", key);
  }

  private static void get(ObjectStore s3, String bucket, String key) {
    try {
      ObjectRoundTripTest.readAll(s3.getObject(GetObjectRequest.of(bucket, key)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ListObjectsResult list(ObjectStore s3) {
    return s3.listObjects(ListObjectsRequest.builder("data").build());
  }

  private static void copy(ObjectStore s3) {
    s3.copyObject(
        CopyObjectRequest.of("data", "big", PutObjectRequest.builder("data", "copy").build()));
  }
}
