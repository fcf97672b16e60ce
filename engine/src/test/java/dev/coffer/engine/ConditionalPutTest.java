package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.PreconditionFailedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S3's conditional writes: If-None-Match (create only) and If-Match (that version only). */
class ConditionalPutTest {
  @TempDir Path dir;
  EngineFixture fx;
  ObjectStore s3;

  @BeforeEach
  void setUp() {
    fx = new EngineFixture(dir, b -> b);
    s3 = fx.root();
    s3.createBucket(CreateBucketRequest.of("data"));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private static PutObjectRequest.Builder put(String key) {
    return PutObjectRequest.builder("data", key);
  }

  private byte[] read(String key) throws IOException {
    try (ObjectContent c = s3.getObject(GetObjectRequest.of("data", key))) {
      return c.readAllBytes();
    }
  }

  @Test
  void createOnly_writesAFreeKey_andRefusesATakenOne_leavingItIntact() throws IOException {
    s3.putObject(put("k").ifNoneMatch().build(), new byte[] {1});

    assertThatThrownBy(() -> s3.putObject(put("k").ifNoneMatch().build(), new byte[] {2}))
        .isInstanceOf(PreconditionFailedException.class)
        .hasMessageContaining("create-only");
    assertThat(fx.lastEngineEvent().outcome()).isEqualTo(AuditOutcome.ERROR);
    assertThat(fx.lastEngineEvent().errorCode()).contains(ErrorCode.PRECONDITION_FAILED);
    assertThat(fx.lastEngineEvent().requestParameters()).containsEntry("ifNoneMatch", "*");
    assertThat(read("k")).containsExactly(1);
  }

  @Test
  void createOnly_ofATakenKey_failsBeforeReadingTheData() {
    s3.putObject(put("k").build(), new byte[] {1});
    InputStream unreadable =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("the data should not have been read");
          }
        };

    assertThatThrownBy(() -> s3.putObject(put("k").ifNoneMatch().build(), unreadable))
        .isInstanceOf(PreconditionFailedException.class);
  }

  @Test
  void ifMatch_replacesOnlyTheVersionNamed_quotedOrNot() throws IOException {
    ObjectInfo first = s3.putObject(put("k").build(), new byte[] {1});
    ObjectInfo second =
        s3.putObject(put("k").ifMatch("\"" + first.etag() + "\"").build(), new byte[] {2});

    assertThatThrownBy(() -> s3.putObject(put("k").ifMatch(first.etag()).build(), new byte[] {3}))
        .isInstanceOf(PreconditionFailedException.class)
        .hasMessageContaining(first.etag())
        .hasMessageNotContaining(second.etag());
    assertThat(read("k")).containsExactly(2);
    assertThatThrownBy(
            () -> s3.putObject(put("missing").ifMatch(first.etag()).build(), new byte[] {3}))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> put("k").ifNoneMatch().ifMatch(first.etag()).build())
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void ifMatch_onAMultiSegmentObject_isCheckedAgainWhenItCommits() throws Exception {
    ObjectInfo first = s3.putObject(put("big").build(), new byte[] {1});
    byte[] big = new byte[3 * EngineFixture.SEGMENT + 1];
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch overwritten = new CountDownLatch(1);
    // The data stream lets another writer replace the object after the early check passed.
    InputStream slow =
        new ByteArrayInputStream(big) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            if (pos > EngineFixture.SEGMENT && reading.getCount() > 0) {
              reading.countDown();
              try {
                overwritten.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return super.read(b, off, len);
          }
        };
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<ObjectInfo> conditional =
          pool.submit(() -> s3.putObject(put("big").ifMatch(first.etag()).build(), slow));
      reading.await();
      s3.putObject(put("big").build(), new byte[] {9});
      overwritten.countDown();
      assertThatThrownBy(conditional::get).hasCauseInstanceOf(PreconditionFailedException.class);
    } finally {
      pool.shutdownNow();
    }
    assertThat(read("big")).containsExactly(9);
    assertThat(EngineInspector.chunkCount(fx))
        .as("the refused upload's segments are removed")
        .isZero();
  }

  @Test
  void concurrentCreateOnlyPuts_exactlyOneWins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Byte>> puts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        byte b = (byte) i;
        puts.add(
            pool.submit(
                () -> {
                  start.await();
                  s3.putObject(put("race").ifNoneMatch().build(), new byte[] {b});
                  return b;
                }));
      }
      start.countDown();
      List<Byte> winners = new ArrayList<>();
      int refused = 0;
      for (Future<Byte> f : puts) {
        try {
          winners.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(PreconditionFailedException.class);
          refused++;
        }
      }
      assertThat(winners).hasSize(1);
      assertThat(refused).isEqualTo(7);
      assertThat(read("race")).containsExactly(winners.get(0));
    } finally {
      pool.shutdownNow();
    }
  }
}
