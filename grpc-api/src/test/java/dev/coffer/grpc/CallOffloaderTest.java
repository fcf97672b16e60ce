package dev.coffer.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.coffer.api.v1.GetCallerIdentityRequest;
import dev.coffer.api.v1.GetCallerIdentityResponse;
import dev.coffer.api.v1.IdentityServiceGrpc;
import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.Coffer;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.grpc.client.CofferClient;
import dev.coffer.grpc.internal.CallOffloader;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where service code runs: on the transport thread (gRPC's direct executor, as the server uses it)
 * unless the offloader moves it to the pool. In-process, with direct executors on both ends, code
 * left on the transport runs on the calling thread itself, which makes a missing hand-off visible.
 */
class CallOffloaderTest {
  private static final Principal ROOT = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);

  @TempDir Path dir;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void tearDown() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    pool.shutdownNow();
  }

  /** Its first call waits for {@code release}; later ones answer at once, or throw if asked to. */
  private static final class Identity extends IdentityServiceGrpc.IdentityServiceImplBase {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean fail;
    volatile Thread ranOn;

    @Override
    public void getCallerIdentity(
        GetCallerIdentityRequest r, StreamObserver<GetCallerIdentityResponse> out) {
      int n = calls.incrementAndGet();
      ranOn = Thread.currentThread();
      if (fail) {
        throw new IllegalStateException("a bug in service code");
      }
      if (n == 1) {
        started.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      out.onNext(GetCallerIdentityResponse.newBuilder().setPrincipal("call " + n).build());
      out.onCompleted();
    }
  }

  private IdentityServiceGrpc.IdentityServiceBlockingStub serve(
      Identity service, Set<String> onTransport) throws IOException {
    String name = "offloader-" + UUID.randomUUID();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(ServerInterceptors.intercept(service, new CallOffloader(pool, onTransport)))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    return IdentityServiceGrpc.newBlockingStub(channel);
  }

  @Test
  void anOffloadedCallThatBlocks_holdsNeitherTheCallerNorOtherCalls() throws Exception {
    Identity service = new Identity();
    IdentityServiceGrpc.IdentityServiceBlockingStub stub = serve(service, Set.of());
    CountDownLatch answered = new CountDownLatch(1);
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          IdentityServiceGrpc.newStub(channel)
              .getCallerIdentity(
                  GetCallerIdentityRequest.getDefaultInstance(),
                  new StreamObserver<>() {
                    @Override
                    public void onNext(GetCallerIdentityResponse value) {}

                    @Override
                    public void onError(Throwable t) {}

                    @Override
                    public void onCompleted() {
                      answered.countDown();
                    }
                  });
          assertThat(service.started.await(5, TimeUnit.SECONDS)).isTrue();
          assertThat(
                  stub.getCallerIdentity(GetCallerIdentityRequest.getDefaultInstance())
                      .getPrincipal())
              .isEqualTo("call 2");
        });
    assertThat(answered.getCount()).isEqualTo(1);
    service.release.countDown();
    assertThat(answered.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aMethodKeptOnTheTransport_runsOnTheCallingThreadInProcess() throws Exception {
    Identity service = new Identity();
    service.calls.set(1);
    IdentityServiceGrpc.IdentityServiceBlockingStub stub =
        serve(
            service, Set.of(IdentityServiceGrpc.getGetCallerIdentityMethod().getFullMethodName()));
    assertThat(stub.getCallerIdentity(GetCallerIdentityRequest.getDefaultInstance()).getPrincipal())
        .isEqualTo("call 2");
    assertThat(service.ranOn).isSameAs(Thread.currentThread());
  }

  @Test
  void anOffloadedCallWhoseCodeThrows_endsAsUnknown_ratherThanHanging() throws Exception {
    Identity service = new Identity();
    service.fail = true;
    IdentityServiceGrpc.IdentityServiceBlockingStub stub = serve(service, Set.of());
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(
                    () -> stub.getCallerIdentity(GetCallerIdentityRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(
                    StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN)));
  }

  @Test
  void withReadsOffTheTransport_smallAndLargeGetsStillRoundTrip() throws IOException {
    String token = BearerTokens.newToken();
    String name = "reads-off-" + UUID.randomUUID();
    try (Coffer coffer = Coffer.builder(dir).segmentSize(16 * 1024).warmUpCrypto(false).open();
        CofferServer sidecar =
            CofferServer.builder()
                .store(coffer)
                .inProcess(name)
                .tokens(BearerTokens.none().with(token, ROOT))
                .readsOnTransportThreads(false)
                .build()
                .start();
        CofferClient client = CofferClient.builder().inProcess(name).token(token).build()) {
      assertThat(sidecar.port()).isEqualTo(-1);
      ObjectStore s3 = client.objects();
      String key = client.keys().createKey(CreateKeyRequest.defaults()).arn();
      s3.createBucket(CreateBucketRequest.of("offload", new BucketEncryption(key, true)));
      for (int size : new int[] {0, 4096, 1_000_003}) {
        byte[] data = new byte[size];
        new SplittableRandom(size).nextBytes(data);
        s3.putObject(PutObjectRequest.builder("offload", "o" + size).build(), data);
        try (ObjectContent c = s3.getObject(GetObjectRequest.of("offload", "o" + size))) {
          assertThat(c.readAllBytes()).isEqualTo(data);
        }
      }
    }
  }
}
