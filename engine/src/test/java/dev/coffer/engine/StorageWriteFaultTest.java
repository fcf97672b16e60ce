package dev.coffer.engine;

import static dev.coffer.engine.EngineFixture.SEGMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.coffer.engine.internal.store.Records;
import dev.coffer.format.v1.EngineMeta;
import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeystoreUnavailableException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every engine write path with one of its storage writes failing, each in turn: the first, every
 * one in the middle, the last. A fault either hits once (an I/O error) or stays (a full disk, where
 * the clean-up after the failure fails too). Each time the caller must get the typed storage error,
 * the audit log must say so, and no caller may see any change; once the fault is gone the operation
 * succeeds, and the store reopens with nothing left over.
 */
class StorageWriteFaultTest {
  private static final long ATTEMPT_BOUND_MILLIS = 20_000;
  private static final String POLICY_1 = policy("ReadOnlyPartner");
  private static final String POLICY_2 = policy("OtherPartner");
  private static final byte[] SMALL = ObjectRoundTripTest.random(100, 1);
  private static final byte[] BIG = ObjectRoundTripTest.random(5 * SEGMENT + 3, 2);
  private static final byte[] SOURCE = ObjectRoundTripTest.random(7 * SEGMENT + 1, 3);

  /**
   * One write path: the event it records, the operation, and how many storage writes it makes at
   * least (each is failed in turn, so a path that made fewer would test less than it claims).
   */
  record WritePath(
      String name,
      String event,
      int writes,
      Consumer<ObjectStore> operation,
      UnaryOperator<Coffer.Builder> options) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<WritePath> paths() {
    return Stream.of(
        path(
            "put of a small (inline) object over another", "PutObject", 1, s -> put(s, "small", 9)),
        path("put of a small object under a new key", "PutObject", 1, s -> put(s, "new", 9)),
        // Pending marker, two batches of four segments, then the record with the last four.
        path("put of 12 segments over 6", "PutObject", 4, s -> put(s, "big", 12 * SEGMENT - 1)),
        path(
            "put of 12 segments under a new key", "PutObject", 4, s -> put(s, "new", 12 * SEGMENT)),
        // Marker, two batches past the logged bytes, the flush that makes them durable, record.
        new WritePath(
            "put of 12 segments with unlogged segments and a flush",
            "PutObject",
            5,
            s -> put(s, "big", 12 * SEGMENT - 1),
            b -> b.loggedSegmentBytes(2 * SEGMENT)),
        // The new bucket key's record, then the object's.
        path("put making a new bucket key", "PutObject", 2, s -> put(s, "keyed", "k", 9)),
        path(
            "delete of a multi-segment object",
            "DeleteObject",
            1,
            s -> s.deleteObject("data", "big")),
        path(
            "copy onto a multi-segment object",
            "CopyObject",
            3,
            s ->
                s.copyObject(
                    CopyObjectRequest.of(
                        "data", "source", PutObjectRequest.builder("data", "big").build()))),
        path(
            "conditional put (If-Match) of 3 segments",
            "PutObject",
            2,
            s ->
                s.putObject(
                    PutObjectRequest.builder("data", "big")
                        .ifMatch(s.headObject("data", "big").etag())
                        .build(),
                    ObjectRoundTripTest.random(2 * SEGMENT + 1, 4))),
        path(
            "conditional put (If-None-Match) under a new key",
            "PutObject",
            1,
            s ->
                s.putObject(
                    PutObjectRequest.builder("data", "new").ifNoneMatch().build(),
                    ObjectRoundTripTest.random(10, 5))),
        path(
            "create bucket", "CreateBucket", 1, s -> s.createBucket(CreateBucketRequest.of("new"))),
        path("delete bucket", "DeleteBucket", 1, s -> s.deleteBucket("empty")),
        path("put bucket policy", "PutBucketPolicy", 1, s -> s.putBucketPolicy("data", POLICY_2)),
        path("delete bucket policy", "DeleteBucketPolicy", 1, s -> s.deleteBucketPolicy("data")),
        path(
            "put bucket encryption",
            "PutBucketEncryption",
            1,
            s -> s.putBucketEncryption("data", new BucketEncryption("alias/other", true))),
        path(
            "put bucket tagging",
            "PutBucketTagging",
            1,
            s -> s.putBucketTagging("data", Map.of("team", "blue"))));
  }

  static Stream<Arguments> pathsAndFaults() {
    return paths().flatMap(p -> Stream.of(Arguments.of(p, false), Arguments.of(p, true)));
  }

  @ParameterizedTest(name = "{0}, fault stays: {1}")
  @MethodSource("pathsAndFaults")
  void writePath_whenAnyOfItsWritesFails_failsTypedAndAuditedAndChangesNothingVisible(
      WritePath path, boolean stays, @TempDir Path dir) throws InterruptedException {
    StorageFaultPlan faults = new StorageFaultPlan();
    try (EngineFixture fx =
        new EngineFixture(dir, b -> path.options().apply(b).storageFaults(faults))) {
      setUp(fx);
      StoreSnapshot before = StoreSnapshot.of(fx.root());
      long chunksBefore = EngineInspector.chunkCount(fx);

      int failed = 0;
      while (true) {
        int n = failed + 1;
        // Each attempt on a thread of its own: a row lock a failed attempt kept would block the
        // next one (the test's timeout), where the same thread would just take it again.
        Throwable thrown =
            onItsOwnThread(
                () -> {
                  faults.failWrite(n, stays);
                  path.operation().accept(fx.root());
                });
        faults.clear();
        if (faults.fired() == 0) {
          assertThat(thrown).as("with no write failing, the operation succeeds").isNull();
          break;
        }
        failed++;
        String attempt = path + ", write " + failed + " failing";
        assertThat(thrown)
            .as(attempt)
            .isInstanceOf(KeystoreUnavailableException.class)
            .satisfies(
                e ->
                    assertThat(((CofferException) e).errorCode())
                        .isEqualTo(ErrorCode.STORAGE_FAILURE));
        AuditEvent event = fx.lastEngineEvent();
        assertThat(event.eventName()).as(attempt).isEqualTo(path.event());
        assertThat(event.outcome()).as(attempt).isEqualTo(AuditOutcome.ERROR);
        assertThat(event.errorCode()).as(attempt).contains(ErrorCode.STORAGE_FAILURE);
        assertThat(StoreSnapshot.of(fx.root())).as(attempt).isEqualTo(before);
        assertKeyCountsMatchRecords(fx, attempt);
        if (!stays) {
          // The failed operation's clean-up could write: nothing of it may be left behind.
          assertThat(EngineInspector.chunkCount(fx)).as(attempt).isEqualTo(chunksBefore);
        }
      }

      assertThat(failed).as("storage writes failed in turn").isGreaterThanOrEqualTo(path.writes());
      assertThat(fx.lastEngineEvent().eventName()).isEqualTo(path.event());
      assertThat(fx.lastEngineEvent().outcome()).isEqualTo(AuditOutcome.ALLOWED);
      StoreSnapshot after = StoreSnapshot.of(fx.root());
      assertThat(after).as("the operation took effect").isNotEqualTo(before);

      fx.reopen();
      assertThat(StoreSnapshot.of(fx.root())).isEqualTo(after);
      assertThat(EngineInspector.chunkCount(fx))
          .as("segments of failed uploads are collected at open")
          .isEqualTo(StoreSnapshot.referencedChunks(fx));
      assertKeyCountsMatchRecords(fx, "after reopening");
    }
  }

  @Test
  void put_whenItsCommitFails_leavesTheNewKeystoreGenerationForTheNextPutToRecord(@TempDir Path dir)
      throws Exception {
    // Each put records a grown keystore generation in its own batch, so that after a crash an
    // older keystore is still refused. A put that claimed the generation but did not commit must
    // not keep the next one from recording it.
    StorageFaultPlan faults = new StorageFaultPlan();
    try (EngineFixture fx = new EngineFixture(dir, b -> b.storageFaults(faults))) {
      fx.root().createBucket(CreateBucketRequest.of("data"));
      put(fx.root(), "a", 10);
      fx.kms().createKey(CreateKeyRequest.defaults());
      long grown = fx.coffer().keystore().generation();

      faults.failWrite(1, false);
      assertThat(catchThrowable(() -> put(fx.root(), "b", 10)))
          .isInstanceOf(KeystoreUnavailableException.class);
      faults.clear();
      put(fx.root(), "c", 10);

      EngineMeta meta = EngineMeta.parseFrom(EngineInspector.get(fx, "META", Records.META_ROW));
      assertThat(meta.getKeystoreGeneration()).isGreaterThanOrEqualTo(grown);
    }
  }

  @Test
  void aPutRecordingANewerGeneration_cannotBeOvertakenByOneRecordingAnOlder(@TempDir Path dir)
      throws Exception {
    // Put A saw generation G1 and is held inside its commit; meanwhile the keystore grows to G2 and
    // put B records G2. Were their commits not serialized, A would commit G1 after B's G2, and the
    // store, believing G2 recorded, would never write it again: after a crash it would accept a
    // keystore copy one generation old.
    java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean heldOnce =
        new java.util.concurrent.atomic.AtomicBoolean();
    dev.coffer.engine.internal.store.StorageFaults holdSlowWriter =
        (step, family) -> {
          if (step == dev.coffer.engine.internal.store.StorageFaults.Step.COMMIT
              && Thread.currentThread().getName().equals("slow-writer")
              && heldOnce.compareAndSet(false, true)) {
            holding.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    try (EngineFixture fx = new EngineFixture(dir, b -> b.storageFaults(holdSlowWriter))) {
      fx.root().createBucket(CreateBucketRequest.of("data"));
      put(fx.root(), "warm", 10);
      fx.kms().createKey(CreateKeyRequest.defaults());
      Thread a = new Thread(() -> put(fx.root(), "a", 10), "slow-writer");
      a.start();
      holding.await();
      fx.kms().createKey(CreateKeyRequest.defaults());
      long latest = fx.coffer().keystore().generation();
      Thread b = new Thread(() -> put(fx.root(), "b", 10), "writer");
      b.start();
      // Unserialized, B commits now; serialized, it waits for A. A bound, not a measurement.
      b.join(1_000);
      release.countDown();
      a.join();
      b.join();
      put(fx.root(), "c", 10);

      EngineMeta meta = EngineMeta.parseFrom(EngineInspector.get(fx, "META", Records.META_ROW));
      assertThat(meta.getKeystoreGeneration()).isEqualTo(latest);
    }
  }

  private static Throwable onItsOwnThread(Runnable attempt) throws InterruptedException {
    Throwable[] thrown = new Throwable[1];
    Thread t =
        new Thread(
            () -> {
              try {
                attempt.run();
              } catch (Throwable e) {
                thrown[0] = e;
              }
            });
    t.start();
    // A bound, not a measurement: an attempt that never ends waits for a lock nobody releases.
    t.join(ATTEMPT_BOUND_MILLIS);
    assertThat(t.isAlive()).as("the attempt ended (a failed one may have kept a lock)").isFalse();
    return thrown[0];
  }

  /** Buckets {@code data} (a policy, tags, three objects), {@code keyed} and {@code empty}. */
  private static void setUp(EngineFixture fx) {
    String other = fx.kms().createKey(CreateKeyRequest.defaults()).keyId();
    fx.kms().createAlias("alias/other", other);
    ObjectStore s3 = fx.root();
    s3.createBucket(CreateBucketRequest.of("data"));
    s3.putBucketPolicy("data", POLICY_1);
    s3.putBucketTagging("data", Map.of("team", "red"));
    s3.putObject(PutObjectRequest.builder("data", "small").build(), SMALL);
    s3.putObject(PutObjectRequest.builder("data", "big").contentType("a/b").build(), BIG);
    s3.putObject(PutObjectRequest.builder("data", "source").build(), SOURCE);
    s3.createBucket(CreateBucketRequest.of("keyed", new BucketEncryption("alias/other", true)));
    s3.createBucket(CreateBucketRequest.of("empty"));
    s3.putBucketTagging("empty", Map.of("team", "green"));
  }

  private static void assertKeyCountsMatchRecords(EngineFixture fx, String when) {
    assertThat(EngineInspector.storedKeyCounts(fx.coffer()))
        .as("stored key counts, %s", when)
        .isEqualTo(EngineInspector.scannedKeyCounts(fx.coffer()));
  }

  private static WritePath path(
      String name, String event, int writes, Consumer<ObjectStore> operation) {
    return new WritePath(name, event, writes, operation, b -> b);
  }

  private static void put(ObjectStore s3, String key, int size) {
    put(s3, "data", key, size);
  }

  private static void put(ObjectStore s3, String bucket, String key, int size) {
    s3.putObject(
        PutObjectRequest.builder(bucket, key).build(), ObjectRoundTripTest.random(size, size));
  }

  private static String policy(String sid) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\""
        + sid
        + "\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},"
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::data/*\"}]}";
  }
}
