package dev.coffer.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.coffer.api.v1.ObjectServiceGrpc;
import dev.coffer.api.v1.ObjectWrite;
import dev.coffer.api.v1.PutObjectRequest;
import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.Coffer;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ObjectContent;
import dev.coffer.grpc.client.CofferClient;
import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.testing.RecordingAuditSink;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on a real loopback port: TLS, mutual TLS with both principal mappings, plaintext only
 * on loopback, anonymous access only when configured, health, reflection, the message size limit
 * and the transport facts (source address, aws:SecureTransport) that reach policies.
 */
class NetworkServerTest {
  static final Principal ROOT = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);
  static final Principal APP = Principal.of("arn:aws:iam::000000000000:role/App");

  @TempDir Path dir;
  @TempDir Path certs;
  final RecordingAuditSink audit = new RecordingAuditSink();
  Coffer coffer;
  TestCertificates pki;
  TestCertificates.Pem serverPem;
  String rootToken = BearerTokens.newToken();
  BearerTokens tokens;
  final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    coffer = Coffer.builder(dir).warmUpCrypto(false).keystore(k -> k.auditSink(audit)).open();
    pki = new TestCertificates(certs);
    serverPem = pki.server();
    tokens = BearerTokens.none().with(rootToken, ROOT);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    coffer.close();
  }

  private CofferServer start(CofferServer.Builder b) {
    CofferServer server = b.store(coffer).listen("127.0.0.1", 0).build().start();
    closing.add(server);
    return server;
  }

  private CofferServer tlsServer() {
    return start(
        CofferServer.builder().tls(serverPem.certificate(), serverPem.privateKey()).tokens(tokens));
  }

  private CofferClient client(CofferClient.Builder b) {
    CofferClient client = b.build();
    closing.add(client);
    return client;
  }

  @Test
  void tlsWithAToken_reachesTheStore_andTheCallerCarriesSourceAddressAndSecureTransport() {
    CofferServer server = tlsServer();
    CofferClient client =
        client(
            CofferClient.builder()
                .target("localhost", server.port())
                .tls(pki.caFile)
                .token(rootToken));
    Caller caller = client.caller();
    assertThat(caller.principal()).isEqualTo(ROOT);
    assertThat(caller.sourceAddress()).contains("127.0.0.1");
    assertThat(caller.secureTransport()).isTrue();
    assertThat(client.keys().listKeys()).isEqualTo(coffer.keystore().as(ROOT).listKeys());
    Caller audited =
        audit.events().stream()
            .filter(e -> e.eventName().equals("ListKeys"))
            .findFirst()
            .orElseThrow()
            .caller();
    assertThat(audited.sourceAddress())
        .as("the audit record's source address")
        .contains("127.0.0.1");
    assertThat(audited.secureTransport()).isTrue();
    assertThat(audited.principal()).isEqualTo(ROOT);
    assertThat(audited.userAgent())
        .as("the client software, as its user-agent header names it")
        .hasValueSatisfying(agent -> assertThat(agent).startsWith("coffer-java-client grpc-java"));
  }

  @Test
  void sidecarCalls_appearInTheAuditTrail_withTheClientsAddress_readBackThroughTheSidecar() {
    CofferServer server = tlsServer();
    CofferClient client =
        client(
            CofferClient.builder()
                .target("localhost", server.port())
                .tls(pki.caFile)
                .token(rootToken));
    client.keys().listKeys();
    dev.coffer.keystore.audit.AuditPage page =
        client
            .audit()
            .query(
                dev.coffer.keystore.audit.AuditQuery.builder()
                    .eventName("ListKeys")
                    .principal(ROOT.name())
                    .build());
    assertThat(page.records()).hasSize(1);
    dev.coffer.keystore.audit.AuditRecord listed = page.records().get(0);
    assertThat(listed.sourceAddress()).contains("127.0.0.1");
    assertThat(listed.secureTransport()).isTrue();
    assertThat(listed.userAgent()).hasValueSatisfying(a -> assertThat(a).contains("coffer-java"));
    // The audit query itself is on the trail too, with the same address.
    dev.coffer.keystore.audit.AuditRecord query =
        client
            .audit()
            .query(
                dev.coffer.keystore.audit.AuditQuery.builder()
                    .eventName("QueryAuditEvents")
                    .build())
            .records()
            .get(0);
    assertThat(query.sourceAddress()).contains("127.0.0.1");
    assertThat(query.outcome()).isEqualTo(dev.coffer.keystore.AuditOutcome.ALLOWED);
  }

  @Test
  void aRequestTheSidecarRefusesBeforeTheEngineSeesIt_isAuditedWithTheClientsAddressAndAgent() {
    CofferServer server = start(CofferServer.builder().plaintext().tokens(tokens));
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.port(), InsecureChannelCredentials.create())
            .userAgent("refused-request-test")
            .build();
    closing.add(channel::shutdownNow);
    io.grpc.Metadata auth = new io.grpc.Metadata();
    auth.put(
        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + rootToken);

    assertThatThrownBy(
            () ->
                dev.coffer.api.v1.BucketServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(auth))
                    .createBucket(
                        dev.coffer.api.v1.CreateBucketRequest.newBuilder()
                            .setName("Not_A_Bucket")
                            .build()))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("INVALID_ARGUMENT");

    dev.coffer.keystore.AuditEvent refused = audit.last();
    assertThat(refused.eventName()).isEqualTo("CreateBucket");
    assertThat(refused.errorCode()).contains(dev.coffer.keystore.ErrorCode.INVALID_ARGUMENT);
    assertThat(refused.caller().principal()).isEqualTo(ROOT);
    assertThat(refused.caller().sourceAddress()).contains("127.0.0.1");
    assertThat(refused.caller().secureTransport()).isFalse();
    assertThat(refused.caller().userAgent())
        .hasValueSatisfying(agent -> assertThat(agent).startsWith("refused-request-test"));
  }

  @Test
  void mutualTls_takesThePrincipalFromTheUriSan() throws Exception {
    CofferServer server =
        start(
            CofferServer.builder()
                .tls(serverPem.certificate(), serverPem.privateKey())
                .mutualTls(pki.caFile, CertificatePrincipalMapping.uriSubjectAltName()));
    TestCertificates.Pem app = pki.clientWithUri("app", APP.name());
    CofferClient client =
        client(
            CofferClient.builder()
                .target("localhost", server.port())
                .tls(pki.caFile)
                .clientCertificate(app.certificate(), app.privateKey()));
    assertThat(client.caller().principal()).isEqualTo(APP);
  }

  @Test
  void mutualTls_canMapTheCommonNameThroughATemplate() throws Exception {
    CofferServer server =
        start(
            CofferServer.builder()
                .tls(serverPem.certificate(), serverPem.privateKey())
                .mutualTls(
                    pki.caFile,
                    CertificatePrincipalMapping.commonName("arn:aws:iam::000000000000:user/{cn}")));
    TestCertificates.Pem alice = pki.clientWithCommonName("alice");
    CofferClient client =
        client(
            CofferClient.builder()
                .target("localhost", server.port())
                .tls(pki.caFile)
                .clientCertificate(alice.certificate(), alice.privateKey()));
    assertThat(client.caller().principal().name())
        .isEqualTo("arn:aws:iam::000000000000:user/alice");
  }

  @Test
  void mutualTls_refusesACertificateNoTrustedCaIssued() throws Exception {
    CofferServer server =
        start(
            CofferServer.builder()
                .tls(serverPem.certificate(), serverPem.privateKey())
                .mutualTls(pki.caFile, CertificatePrincipalMapping.defaults()));
    TestCertificates.Pem stranger = pki.untrustedClient(ROOT.name());
    CofferClient client =
        client(
            CofferClient.builder()
                .target("localhost", server.port())
                .tls(pki.caFile)
                .clientCertificate(stranger.certificate(), stranger.privateKey()));
    assertThatThrownBy(client::caller)
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(
            e ->
                assertThat(((StatusRuntimeException) e).getStatus().getCode())
                    .isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void plaintext_isRefusedOffLoopback() {
    assertThatThrownBy(
            () ->
                CofferServer.builder()
                    .store(coffer)
                    .listen("0.0.0.0", 0)
                    .plaintext()
                    .tokens(tokens)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("loopback");
  }

  @Test
  void withoutTlsOrPlaintext_orWithoutAnyWayToAuthenticate_theServerIsNotBuilt() {
    assertThatThrownBy(
            () ->
                CofferServer.builder().store(coffer).listen("127.0.0.1", 0).tokens(tokens).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("plaintext");
    assertThatThrownBy(
            () -> CofferServer.builder().store(coffer).listen("127.0.0.1", 0).plaintext().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("authenticate");
  }

  @Test
  void plaintextOnLoopback_works_andPoliciesSeeSecureTransportFalse() throws Exception {
    KeyMetadata key = coffer.keystore().as(ROOT).createKey(CreateKeyRequest.defaults());
    coffer
        .as(ROOT)
        .createBucket(CreateBucketRequest.of("tls-only", new BucketEncryption(key.arn(), false)));
    coffer
        .as(ROOT)
        .putBucketPolicy(
            "tls-only",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecure\",\"Effect\":\"Deny\","
                + "\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::tls-only\","
                + "\"arn:aws:s3:::tls-only/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":"
                + "\"false\"}}}]}");
    CofferServer plain = start(CofferServer.builder().plaintext().tokens(tokens));
    CofferClient insecure =
        client(
            CofferClient.builder().target("127.0.0.1", plain.port()).plaintext().token(rootToken));
    assertThat(insecure.caller().secureTransport()).isFalse();
    assertThatThrownBy(
            () ->
                insecure
                    .objects()
                    .putObject(
                        dev.coffer.engine.PutObjectRequest.builder("tls-only", "x").build(),
                        new byte[] {1}))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("DenyInsecure");

    CofferServer secure = tlsServer();
    CofferClient tls =
        client(
            CofferClient.builder()
                .target("localhost", secure.port())
                .tls(pki.caFile)
                .token(rootToken));
    tls.objects()
        .putObject(
            dev.coffer.engine.PutObjectRequest.builder("tls-only", "x").build(), new byte[] {1});
    try (ObjectContent c = tls.objects().getObject(GetObjectRequest.of("tls-only", "x"))) {
      assertThat(c.readAllBytes()).containsExactly(1);
    }
  }

  @Test
  void anonymousCallers_areRefusedUnlessAPrincipalIsConfiguredForThem() {
    CofferServer closed = start(CofferServer.builder().plaintext().tokens(tokens));
    CofferClient nobody =
        client(CofferClient.builder().target("127.0.0.1", closed.port()).plaintext());
    assertThatThrownBy(nobody::caller)
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("UNAUTHENTICATED");

    Principal guest = Principal.of("arn:aws:iam::000000000000:role/Guest");
    CofferServer open = start(CofferServer.builder().plaintext().allowAnonymous(guest));
    CofferClient anonymous =
        client(CofferClient.builder().target("127.0.0.1", open.port()).plaintext());
    assertThat(anonymous.caller().principal()).isEqualTo(guest);
  }

  @Test
  void health_answersWithoutCredentials_andReflectionListsTheServices() throws Exception {
    CofferServer server = start(CofferServer.builder().plaintext().tokens(tokens));
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.port(), InsecureChannelCredentials.create())
            .build();
    closing.add(channel::shutdownNow);
    assertThat(
            HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

    io.grpc.Metadata auth = new io.grpc.Metadata();
    auth.put(
        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + rootToken);
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel)
            .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(auth))
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse value) {
                    answer.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();
    List<String> services =
        answer.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
            .map(s -> s.getName())
            .toList();
    assertThat(services)
        .contains(
            "coffer.api.v1.ObjectService",
            "coffer.api.v1.BucketService",
            "coffer.api.v1.KeyService",
            "coffer.api.v1.JobService",
            "coffer.api.v1.AuditService",
            "grpc.health.v1.Health");
  }

  @Test
  void health_answersServingForEachCofferServiceByName_andNotFoundForOthers() {
    CofferServer server = start(CofferServer.builder().plaintext().tokens(tokens));
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.port(), InsecureChannelCredentials.create())
            .build();
    closing.add(channel::shutdownNow);
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
    for (String service :
        List.of(
            "coffer.api.v1.ObjectService",
            "coffer.api.v1.BucketService",
            "coffer.api.v1.KeyService",
            "coffer.api.v1.JobService",
            "coffer.api.v1.AuditService",
            "coffer.api.v1.IdentityService")) {
      assertThat(
              health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus())
          .as("health of %s", service)
          .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }
    assertThatThrownBy(
            () -> health.check(HealthCheckRequest.newBuilder().setService("no.Such").build()))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("NOT_FOUND");
  }

  @Test
  void aMessageOverTheSizeLimit_isRefusedWithResourceExhausted_andStoresNothing() throws Exception {
    KeyMetadata key = coffer.keystore().as(ROOT).createKey(CreateKeyRequest.defaults());
    coffer
        .as(ROOT)
        .createBucket(CreateBucketRequest.of("big1", new BucketEncryption(key.arn(), false)));
    CofferServer server =
        start(CofferServer.builder().plaintext().tokens(tokens).maxInboundMessageSize(128 * 1024));
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.port(), InsecureChannelCredentials.create())
            .build();
    closing.add(channel::shutdownNow);
    io.grpc.Metadata auth = new io.grpc.Metadata();
    auth.put(
        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + rootToken);
    StatusRuntimeException refused =
        RawPutStream.send(
            ObjectServiceGrpc.newStub(channel)
                .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(auth)),
            PutObjectRequest.newBuilder()
                .setHeader(ObjectWrite.newBuilder().setBucket("big1").setKey("huge"))
                .build(),
            PutObjectRequest.newBuilder()
                .setData(ByteString.copyFrom(new byte[200 * 1024]))
                .build());
    assertThat(refused).isNotNull();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    server.close();
    assertThatThrownBy(() -> coffer.as(ROOT).headObject("big1", "huge"))
        .isInstanceOf(dev.coffer.keystore.NotFoundException.class);
  }
}
