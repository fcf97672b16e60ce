package dev.coffer.grpc;

import static dev.coffer.grpc.SidecarFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.coffer.api.v1.KeyServiceGrpc;
import dev.coffer.api.v1.ListKeysRequest;
import dev.coffer.api.v1.ObjectServiceGrpc;
import dev.coffer.api.v1.ObjectWrite;
import dev.coffer.api.v1.PutObjectRequest;
import dev.coffer.api.v1.PutObjectResponse;
import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.NotFoundException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deadlines, cancellation and graceful shutdown. */
class ServerLifecycleTest {
  static final String BUCKET = "inbox";

  @TempDir Path dir;
  SidecarFixture fx;

  @BeforeEach
  void setUp() {
    fx = new SidecarFixture(dir);
    KeyMetadata key = fx.embeddedKms().createKey(CreateKeyRequest.defaults());
    fx.embedded(ROOT)
        .createBucket(CreateBucketRequest.of(BUCKET, new BucketEncryption(key.arn(), false)));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** An upload the test drives message by message. */
  static final class OpenUpload implements StreamObserver<PutObjectResponse> {
    final CompletableFuture<PutObjectResponse> result = new CompletableFuture<>();
    StreamObserver<PutObjectRequest> requests;

    @Override
    public void onNext(PutObjectResponse value) {
      result.complete(value);
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {}

    OpenUpload header(String key) {
      requests.onNext(
          PutObjectRequest.newBuilder()
              .setHeader(ObjectWrite.newBuilder().setBucket(BUCKET).setKey(key))
              .build());
      return this;
    }

    OpenUpload data(int n) {
      requests.onNext(
          PutObjectRequest.newBuilder().setData(ByteString.copyFrom(new byte[n])).build());
      return this;
    }
  }

  private OpenUpload open(ObjectServiceGrpc.ObjectServiceStub stub) {
    OpenUpload upload = new OpenUpload();
    upload.requests = stub.putObject(upload);
    return upload;
  }

  @Test
  void gracefulShutdown_letsAnInFlightUploadFinish_andRefusesNewCalls() throws Exception {
    OpenUpload upload =
        open(ObjectServiceGrpc.newStub(fx.channel(ROOT))).header("late").data(100_000);
    CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> fx.server().close());
    Thread.sleep(200);
    assertThat(closed).isNotDone();
    assertThatThrownBy(
            () ->
                KeyServiceGrpc.newBlockingStub(fx.channel(ROOT))
                    .listKeys(ListKeysRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    upload.data(50_000);
    upload.requests.onCompleted();
    assertThat(upload.result.get(10, TimeUnit.SECONDS).getObject().getSize()).isEqualTo(150_000);
    closed.get(10, TimeUnit.SECONDS);
    assertThat(fx.embedded(ROOT).headObject(BUCKET, "late").size()).isEqualTo(150_000);
  }

  @Test
  void anOpenHealthWatch_isToldNotServingThenEnded_soShutdownDoesNotWaitTheGracePeriodForIt() {
    // What gRPC's client-side health checking keeps open on every connection.
    Iterator<HealthCheckResponse> watch =
        HealthGrpc.newBlockingStub(fx.channel()).watch(HealthCheckRequest.getDefaultInstance());
    assertThat(watch.next().getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

    long start = System.nanoTime();
    fx.server().close(); // the default grace period: 30 s
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(watch.next().getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
    assertThatThrownBy(watch::hasNext)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void closeOnAnInterruptedThread_cancelsInFlightCalls_waitsForThem_andKeepsTheInterrupt()
      throws Exception {
    long dataKeys = fx.audit.count(e -> e.eventName().equals("GenerateDataKey"));
    OpenUpload upload =
        open(ObjectServiceGrpc.newStub(fx.channel(ROOT))).header("cut").data(256 * 1024 + 1);
    // Past what the server gathers in memory (256 KiB), the upload streams into the store, which
    // asks for
    // its data key first.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (fx.audit.count(e -> e.eventName().equals("GenerateDataKey")) == dataKeys) {
      assertThat(System.nanoTime()).as("the upload reached the store").isLessThan(deadline);
      Thread.sleep(5);
    }
    Thread.currentThread().interrupt();
    try {
      fx.server().close();
    } finally {
      assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    }
    // Returned only once the cancelled upload had left the store, its failure recorded.
    assertThat(fx.audit.events())
        .anySatisfy(
            e -> {
              assertThat(e.eventName()).isEqualTo("PutObject");
              assertThat(e.outcome()).isNotEqualTo(AuditOutcome.ALLOWED);
            });
    assertThatThrownBy(() -> upload.result.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    assertThatThrownBy(() -> fx.embedded(ROOT).headObject(BUCKET, "cut"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aDeadlinePassingMidUpload_cancelsIt_andStoresNothing() throws Exception {
    OpenUpload upload =
        open(ObjectServiceGrpc.newStub(fx.channel(ROOT))
                .withDeadlineAfter(300, TimeUnit.MILLISECONDS))
            .header("slow")
            .data(10_000);
    assertThatThrownBy(() -> upload.result.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e.getCause()).getCode())
                    .isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    fx.server().close();
    assertThatThrownBy(() -> fx.embedded(ROOT).headObject(BUCKET, "slow"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aCancelledUpload_storesNothing() throws Exception {
    OpenUpload upload =
        open(ObjectServiceGrpc.newStub(fx.channel(ROOT))).header("gone").data(70_000);
    upload.requests.onError(new RuntimeException("client gave up"));
    assertThatThrownBy(() -> upload.result.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    fx.server().close();
    assertThatThrownBy(() -> fx.embedded(ROOT).headObject(BUCKET, "gone"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aCallWhoseDeadlineHasPassed_isNotRun() {
    int keys = fx.embeddedKms().listKeys().size();
    assertThatThrownBy(
            () ->
                KeyServiceGrpc.newBlockingStub(fx.channel(ROOT))
                    .withDeadlineAfter(0, TimeUnit.MILLISECONDS)
                    .createKey(dev.coffer.api.v1.CreateKeyRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    assertThat(fx.embeddedKms().listKeys()).hasSize(keys);
  }
}
