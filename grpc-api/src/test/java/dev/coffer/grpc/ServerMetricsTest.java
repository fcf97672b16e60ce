package dev.coffer.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.api.v1.BucketServiceGrpc;
import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.Coffer;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.grpc.client.CofferClient;
import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.Principal;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics endpoint of a real sidecar (a real store on a temporary directory, gRPC on a loopback
 * port), scraped over HTTP as Prometheus would.
 */
class ServerMetricsTest {
  static final Principal ROOT = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);
  static final Principal APP = Principal.of("arn:aws:iam::000000000000:role/PayrollApp");
  static final String BUCKET = "acme-payroll-ledger";
  static final String OBJECT = "salaries/2026/ceo.txt";
  static final String OBJECTS = "coffer.api.v1.ObjectService";

  /** The histogram's bounds, 0.5 ms to 10 s, before +Inf. */
  static final int FINITE_BUCKETS = 14;

  @TempDir Path dir;
  final String rootToken = BearerTokens.newToken();
  final String appToken = BearerTokens.newToken();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  Coffer coffer;
  CofferServer server;
  CofferClient root;
  KeyMetadata key;

  @BeforeEach
  void setUp() {
    coffer = Coffer.builder(dir).warmUpCrypto(false).open();
    server =
        CofferServer.builder()
            .store(coffer)
            .listen("127.0.0.1", 0)
            .plaintext()
            .tokens(BearerTokens.none().with(rootToken, ROOT).with(appToken, APP))
            .metricsListen("127.0.0.1", 0)
            .build()
            .start();
    root = client(rootToken);
    key = root.keys().createKey(CreateKeyRequest.defaults());
    root.objects()
        .createBucket(CreateBucketRequest.of(BUCKET, new BucketEncryption(key.arn(), false)));
  }

  @AfterEach
  void tearDown() {
    root.close();
    server.close();
    coffer.close();
  }

  private CofferClient client(String token) {
    return CofferClient.builder()
        .target("127.0.0.1", server.port())
        .plaintext()
        .token(token)
        .build();
  }

  private HttpResponse<String> request(String method, String path) throws Exception {
    return request(server.metricsPort(), method, path);
  }

  private HttpResponse<String> request(int port, String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private PrometheusScrape scrape() throws Exception {
    HttpResponse<String> response = request("GET", "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    return new PrometheusScrape(response.body());
  }

  private static Map<String, String> objects(String method) {
    return Map.of("grpc_service", OBJECTS, "grpc_method", method);
  }

  private static Map<String, String> handled(String service, String method, String code) {
    return Map.of("grpc_service", service, "grpc_method", method, "grpc_code", code);
  }

  @Test
  void metrics_afterSuccessfulPutsAndGets_countThemAsOk_withTheirMessagesAndObjectBytes()
      throws Exception {
    byte[] body = new byte[3 * 1024 * 1024 + 17];
    new SplittableRandom(7).nextBytes(body);
    root.objects().putObject(PutObjectRequest.builder(BUCKET, OBJECT).build(), body);
    for (int i = 0; i < 2; i++) {
      try (ObjectContent got = root.objects().getObject(GetObjectRequest.of(BUCKET, OBJECT))) {
        assertThat(got.readAllBytes()).isEqualTo(body);
      }
    }

    PrometheusScrape s = scrape();
    assertThat(s.value("coffer_grpc_server_started_total", objects("PutObject"))).isEqualTo(1);
    assertThat(s.value("coffer_grpc_server_started_total", objects("GetObject"))).isEqualTo(2);
    assertThat(s.value("coffer_grpc_server_handled_total", handled(OBJECTS, "GetObject", "OK")))
        .isEqualTo(2);
    assertThat(s.value("coffer_grpc_server_handled_total", handled(OBJECTS, "PutObject", "OK")))
        .isEqualTo(1);
    assertThat(s.value("coffer_grpc_server_started_total", objects("DeleteObject"))).isZero();
    // A header, then the data in several messages each way.
    assertThat(s.value("coffer_grpc_server_msg_received_total", objects("PutObject")))
        .isGreaterThanOrEqualTo(3);
    assertThat(s.value("coffer_grpc_server_msg_sent_total", objects("GetObject")))
        .isGreaterThanOrEqualTo(2 * 3);
    assertThat(s.value("coffer_grpc_server_object_data_received_bytes_total", Map.of()))
        .isEqualTo(body.length);
    assertThat(s.value("coffer_grpc_server_object_data_sent_bytes_total", Map.of()))
        .isEqualTo(2.0 * body.length);
    awaitInFlight(0);
  }

  @Test
  void metrics_afterAGetOfAMissingObject_countsItUnderNotFound() throws Exception {
    assertThatThrownBy(
            () -> root.objects().getObject(GetObjectRequest.of(BUCKET, "salaries/missing.txt")))
        .isInstanceOf(NotFoundException.class);

    PrometheusScrape s = scrape();
    assertThat(
            s.value("coffer_grpc_server_handled_total", handled(OBJECTS, "GetObject", "NOT_FOUND")))
        .isEqualTo(1);
    assertThat(s.find("coffer_grpc_server_handled_total", handled(OBJECTS, "GetObject", "OK")))
        .isEmpty();
  }

  @Test
  void metrics_afterACallDenied_countsItUnderPermissionDenied() throws Exception {
    try (CofferClient app = client(appToken)) {
      assertThatThrownBy(() -> app.keys().describeKey(key.keyId()))
          .isInstanceOf(AccessDeniedException.class);
    }

    assertThat(
            scrape()
                .value(
                    "coffer_grpc_server_handled_total",
                    handled("coffer.api.v1.KeyService", "DescribeKey", "PERMISSION_DENIED")))
        .isEqualTo(1);
  }

  @Test
  void metrics_afterAnInvalidArgument_countsItUnderInvalidArgument() throws Exception {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.port(), InsecureChannelCredentials.create())
            .build();
    try {
      Metadata auth = new Metadata();
      auth.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
          "Bearer " + rootToken);
      assertThatThrownBy(
              () ->
                  BucketServiceGrpc.newBlockingStub(channel)
                      .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
                      .createBucket(
                          dev.coffer.api.v1.CreateBucketRequest.newBuilder()
                              .setName("Not_A_Bucket")
                              .build()))
          .isInstanceOf(StatusRuntimeException.class)
          .hasMessageContaining("INVALID_ARGUMENT");
    } finally {
      channel.shutdownNow();
    }

    assertThat(
            scrape()
                .value(
                    "coffer_grpc_server_handled_total",
                    handled("coffer.api.v1.BucketService", "CreateBucket", "INVALID_ARGUMENT")))
        .isEqualTo(1);
  }

  @Test
  void metrics_afterACallWithAnUnknownToken_countsItUnderUnauthenticated() throws Exception {
    try (CofferClient stranger = client(BearerTokens.newToken())) {
      assertThatThrownBy(stranger::caller)
          .isInstanceOf(StatusRuntimeException.class)
          .hasMessageContaining("UNAUTHENTICATED");
    }

    assertThat(
            scrape()
                .value(
                    "coffer_grpc_server_handled_total",
                    handled(
                        "coffer.api.v1.IdentityService", "GetCallerIdentity", "UNAUTHENTICATED")))
        .isEqualTo(1);
  }

  @Test
  void histogram_countEqualsHandledCallsPerMethod_withMonotoneBucketsEndingAtTheCount()
      throws Exception {
    for (int i = 0; i < 5; i++) {
      root.objects().putObject(PutObjectRequest.builder(BUCKET, "o" + i).build(), new byte[i]);
      root.objects().headObject(BUCKET, "o" + i);
    }
    assertThatThrownBy(() -> root.objects().headObject(BUCKET, "absent"))
        .isInstanceOf(NotFoundException.class);

    PrometheusScrape s = scrape();
    assertThat(s.types).containsEntry("coffer_grpc_server_handling_seconds", "histogram");
    List<PrometheusScrape.Sample> counts =
        s.find("coffer_grpc_server_handling_seconds_count", Map.of());
    assertThat(counts).isNotEmpty();
    for (PrometheusScrape.Sample count : counts) {
      Map<String, String> method = count.labels();
      assertThat(count.value())
          .as("count of %s", method)
          .isEqualTo(s.sum("coffer_grpc_server_handled_total", method));
      List<PrometheusScrape.Sample> buckets =
          s.find("coffer_grpc_server_handling_seconds_bucket", method);
      assertThat(buckets).hasSize(FINITE_BUCKETS + 1);
      double previous = 0;
      double previousBound = Double.NEGATIVE_INFINITY;
      for (PrometheusScrape.Sample bucket : buckets) {
        double bound = Double.parseDouble(bucket.labels().get("le").replace("+Inf", "Infinity"));
        assertThat(bound).isGreaterThan(previousBound);
        assertThat(bucket.value()).isGreaterThanOrEqualTo(previous);
        previous = bucket.value();
        previousBound = bound;
      }
      assertThat(buckets.get(buckets.size() - 1).labels()).containsEntry("le", "+Inf");
      assertThat(previous).isEqualTo(count.value());
      assertThat(s.value("coffer_grpc_server_handling_seconds_sum", method))
          .isGreaterThan(0)
          .isLessThan(60.0 * count.value());
    }
    assertThat(s.value("coffer_grpc_server_handling_seconds_count", objects("HeadObject")))
        .isEqualTo(6);
  }

  @Test
  void inFlightCalls_countAnOpenStream_andReturnToZeroWhenItIsCancelled() throws Exception {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.port(), InsecureChannelCredentials.create())
            .build();
    try {
      HealthGrpc.newStub(channel)
          .watch(
              HealthCheckRequest.getDefaultInstance(),
              new StreamObserver<HealthCheckResponse>() {
                @Override
                public void onNext(HealthCheckResponse value) {}

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {}
              });
      awaitInFlight(1);
    } finally {
      channel.shutdownNow();
    }
    awaitInFlight(0);
    assertThat(
            scrape()
                .value(
                    "coffer_grpc_server_handled_total",
                    handled("grpc.health.v1.Health", "Watch", "CANCELLED")))
        .isEqualTo(1);
  }

  private void awaitInFlight(double expected) throws Exception {
    long until = System.nanoTime() + 20_000_000_000L;
    double inFlight;
    do {
      inFlight = scrape().value("coffer_grpc_server_in_flight_calls", Map.of());
      if (inFlight == expected) {
        return;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < until);
    throw new AssertionError("in flight: " + inFlight + ", expected " + expected);
  }

  @Test
  void scrape_isPrometheusText004_withHelpAndTypeForEveryFamily() throws Exception {
    root.caller();
    HttpResponse<String> response = request("GET", "/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    PrometheusScrape s = new PrometheusScrape(response.body());
    assertThat(s.types)
        .containsEntry("coffer_grpc_server_started_total", "counter")
        .containsEntry("coffer_grpc_server_handled_total", "counter")
        .containsEntry("coffer_grpc_server_handling_seconds", "histogram")
        .containsEntry("coffer_grpc_server_in_flight_calls", "gauge")
        .containsEntry("coffer_grpc_server_msg_received_total", "counter")
        .containsEntry("coffer_grpc_server_msg_sent_total", "counter")
        .containsEntry("coffer_grpc_server_object_data_received_bytes_total", "counter")
        .containsEntry("coffer_grpc_server_object_data_sent_bytes_total", "counter")
        .containsEntry("process_start_time_seconds", "gauge");
    assertThat(s.helps.keySet()).isEqualTo(s.types.keySet());
    assertThat(s.value("process_start_time_seconds", Map.of()))
        .isBetween(
            System.currentTimeMillis() / 1000.0 - 86_400, System.currentTimeMillis() / 1000.0);
    assertThat(response.body()).endsWith("\n");
  }

  @Test
  void otherPaths_areNotFound_andOtherMethods_notAllowed() throws Exception {
    assertThat(request("GET", "/").statusCode()).isEqualTo(404);
    assertThat(request("GET", "/metrics/x").statusCode()).isEqualTo(404);
    assertThat(request("GET", "/favicon.ico").statusCode()).isEqualTo(404);
    HttpResponse<String> post = request("POST", "/metrics");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET");
    assertThat(request("DELETE", "/metrics").statusCode()).isEqualTo(405);
    assertThat(request("GET", "/metrics?name[]=x").statusCode()).isEqualTo(200);
  }

  @Test
  void scrape_namesNoPrincipalTokenBucketObjectKeyKeyOrErrorMessage() throws Exception {
    root.objects().putObject(PutObjectRequest.builder(BUCKET, OBJECT).build(), new byte[] {1});
    assertThatThrownBy(() -> root.objects().headObject(BUCKET, OBJECT + ".old"))
        .isInstanceOf(NotFoundException.class);
    try (CofferClient app = client(appToken)) {
      assertThatThrownBy(() -> app.keys().describeKey(key.keyId()))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("kms:DescribeKey");
      assertThatThrownBy(() -> app.objects().getObject(GetObjectRequest.of(BUCKET, OBJECT)))
          .isInstanceOf(AccessDeniedException.class);
    }

    String text = scrape().text;
    assertThat(text)
        .doesNotContain(ROOT.name())
        .doesNotContain(APP.name())
        .doesNotContain("PayrollApp")
        .doesNotContain("000000000000")
        .doesNotContain(rootToken)
        .doesNotContain(appToken)
        .doesNotContain(BUCKET)
        .doesNotContain("salaries")
        .doesNotContain(key.keyId())
        .doesNotContain(key.arn())
        .doesNotContain("kms:")
        .doesNotContain("arn:");
  }

  @Test
  void close_releasesTheMetricsPort() throws Exception {
    int port = server.metricsPort();
    assertThat(port).isPositive().isNotEqualTo(server.port());

    server.close();

    assertThatThrownBy(() -> request(port, "GET", "/metrics")).isInstanceOf(ConnectException.class);
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }
    assertThat(server.metricsPort()).isEqualTo(-1);
  }

  @Test
  void start_again_isRefused_withoutOpeningASecondMetricsPort() throws Exception {
    int port = server.metricsPort();

    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);

    assertThat(server.metricsPort()).isEqualTo(port);
    assertThat(request(port, "GET", "/metrics").statusCode()).isEqualTo(200);
    server.close();
    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    assertThat(server.metricsPort()).isEqualTo(-1);
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }
  }

  @Test
  void metrics_areOffUnlessAskedFor() {
    try (CofferServer plain =
        CofferServer.builder()
            .store(coffer)
            .listen("127.0.0.1", 0)
            .plaintext()
            .tokens(BearerTokens.none().with(rootToken, ROOT))
            .build()
            .start()) {
      assertThat(plain.metricsPort()).isEqualTo(-1);
    }
  }

  @Test
  void start_onAMetricsAddressInUse_throwsAddressInUseNamingTheMetricsAddress() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress metrics =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
      CofferServer.Builder builder =
          CofferServer.builder()
              .store(coffer)
              .listen("127.0.0.1", 0)
              .plaintext()
              .tokens(BearerTokens.none().with(rootToken, ROOT))
              .metricsListen(metrics);
      CofferServer failing = builder.build();

      assertThatThrownBy(failing::start)
          .isInstanceOfSatisfying(
              CofferServer.AddressInUseException.class,
              e -> {
                assertThat(e.address()).isEqualTo(metrics);
                assertThat(e.metricsAddress()).isTrue();
                assertThat(e.getMessage())
                    .contains("metrics")
                    .contains(String.valueOf(taken.getLocalPort()))
                    .contains("already in use");
              });
    }
  }

  @Test
  void start_onAGrpcAddressInUse_saysSoEvenWhenTheMetricsAddressIsTheSame() throws IOException {
    // Both on port 0 of one host: equal addresses, so only the exception can tell which failed.
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CofferServer failing =
          CofferServer.builder()
              .store(coffer)
              .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort()))
              .plaintext()
              .tokens(BearerTokens.none().with(rootToken, ROOT))
              .metricsListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
              .build();

      assertThatThrownBy(failing::start)
          .isInstanceOfSatisfying(
              CofferServer.AddressInUseException.class,
              e -> assertThat(e.metricsAddress()).isFalse());
    }
  }
}
