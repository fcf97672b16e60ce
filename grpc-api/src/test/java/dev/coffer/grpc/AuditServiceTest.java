package dev.coffer.grpc;

import static dev.coffer.grpc.SidecarFixture.APP;
import static dev.coffer.grpc.SidecarFixture.READER;
import static dev.coffer.grpc.SidecarFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.Coffer;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.grpc.client.CofferClient;
import dev.coffer.grpc.client.RemoteAuditLog;
import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.audit.AuditLog;
import dev.coffer.keystore.audit.AuditPage;
import dev.coffer.keystore.audit.AuditQuery;
import dev.coffer.keystore.audit.AuditRecord;
import dev.coffer.keystore.audit.VerificationReport;
import dev.coffer.keystore.internal.audit.LogFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AuditService through the Java client, over a real store and its real audit log. */
class AuditServiceTest {
  static final String BUCKET = "ledger";

  @TempDir Path dir;
  SidecarFixture fx;
  RemoteAuditLog audit;
  KeyMetadata key;

  @BeforeEach
  void setUp() {
    fx = new SidecarFixture(dir);
    key = fx.embeddedKms().createKey(dev.coffer.keystore.CreateKeyRequest.defaults());
    ObjectStore s3 = fx.client(ROOT).objects();
    s3.createBucket(CreateBucketRequest.of(BUCKET, new BucketEncryption(key.arn(), false)));
    for (String name : List.of("a/1", "a/2", "a/3", "b/1")) {
      s3.putObject(PutObjectRequest.builder(BUCKET, name).build(), new byte[] {1, 2, 3});
    }
    audit = fx.client(ROOT).audit();
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private AuditLog log() {
    return fx.coffer().keystore().auditLog().orElseThrow();
  }

  @Test
  void query_filtersByEventBucketAndPrefix_andPagesWithResumeTokens() {
    AuditQuery query =
        AuditQuery.builder()
            .eventName("PutObject")
            .bucket(BUCKET)
            .objectKeyPrefix("a/")
            .limit(2)
            .build();
    AuditPage first = audit.query(query);
    assertThat(first.records())
        .extracting(r -> r.requestParameters().get("key"))
        .containsExactly("a/1", "a/2");
    assertThat(first.resumeToken()).isPresent();

    AuditPage second = audit.query(query.resumingAt(first.resumeToken().get()));
    assertThat(second.records())
        .extracting(r -> r.requestParameters().get("key"))
        .containsExactly("a/3");
    assertThat(second.resumeToken()).isEmpty();

    // The records are the log's own, field for field, hashes included.
    assertThat(first.records()).isEqualTo(log().query(query).records());
  }

  @Test
  void query_newestFirst_byPrincipalAndOutcome_findsADenial() {
    assertThatThrownBy(
            () -> fx.client(APP).objects().getObject(GetObjectRequest.of(BUCKET, "a/1")).close())
        .isInstanceOf(AccessDeniedException.class);
    AuditPage denied =
        audit.query(
            AuditQuery.builder()
                .principal(APP.name())
                .outcome(AuditOutcome.DENIED)
                .newestFirst()
                .limit(10)
                .build());
    assertThat(denied.records()).isNotEmpty();
    assertThat(denied.records()).allMatch(r -> r.outcome() == AuditOutcome.DENIED);
    assertThat(denied.records().get(0).eventName()).isEqualTo("GetObject");
    List<Long> sequences = denied.records().stream().map(AuditRecord::sequence).toList();
    assertThat(sequences).isSortedAccordingTo((x, y) -> Long.compare(y, x));
  }

  @Test
  void export_streamsEveryMatchingEventAsJsonLines() {
    StringBuilder out = new StringBuilder();
    long count = audit.export(AuditQuery.builder().eventName("PutObject").limit(1).build(), out);
    assertThat(count).isEqualTo(4);
    assertThat(out.toString().lines()).hasSize(4).allMatch(l -> l.contains("\"PutObject\""));
  }

  @Test
  void verify_reportsAnIntactLog_andNamesTheEditedRecordAfterTampering() throws Exception {
    VerificationReport intact = audit.verify();
    assertThat(intact.intact()).as(intact.summary()).isTrue();
    assertThat(intact.events()).isPositive();
    assertThat(audit.verify(1, 2).intact()).isTrue();

    log().sign();
    Path segment = LogFiles.segments(log().directory()).get(0);
    byte[] bytes = Files.readAllBytes(segment);
    bytes[40] ^= 1;
    Files.write(segment, bytes);

    VerificationReport broken = audit.verify();
    assertThat(broken.intact()).isFalse();
    VerificationReport.Problem problem = broken.problem().orElseThrow();
    assertThat(problem.kind()).isEqualTo(VerificationReport.Kind.EDITED);
    assertThat(problem.segment()).isEqualTo(segment.getFileName().toString());
    assertThat(broken.summary()).contains("NOT intact").contains("EDITED");
    assertThat(broken).isEqualTo(log().verify());
  }

  @Test
  void publicKey_verifiesACopyOfTheLog_inBothFormats() {
    String pem = audit.publicKeyPem();
    String json = audit.publicKeysetJson();
    assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----").isEqualTo(log().publicKeyPem());
    assertThat(json).isEqualTo(log().publicKeysetJson());
    log().sign();
    for (String exported : List.of(pem, json)) {
      VerificationReport r = AuditLog.verifyCopy(log().directory(), exported, Optional.empty());
      assertThat(r.intact()).as(r.summary()).isTrue();
      assertThat(r.digests()).isPositive();
    }
  }

  @Test
  void aPrincipalWithoutReadAuditLog_isDenied_andTheDenialIsRecorded() {
    RemoteAuditLog asApp = fx.client(APP).audit();
    assertThatThrownBy(() -> asApp.query(AuditQuery.all()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("coffer:ReadAuditLog");
    assertThatThrownBy(asApp::verify).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(asApp::publicKeyPem).isInstanceOf(AccessDeniedException.class);

    AuditPage denials =
        audit.query(
            AuditQuery.builder()
                .principal(APP.name())
                .eventName("QueryAuditEvents")
                .outcome(AuditOutcome.DENIED)
                .build());
    assertThat(denials.records()).hasSize(1);
    assertThat(denials.records().get(0).eventSource()).isEqualTo("admin");
  }

  @Test
  void anIdentityPolicyAllowingReadAuditLog_letsAnotherPrincipalRead() {
    fx.embeddedKms()
        .putPrincipalPolicy(
            READER,
            "audit",
            """
            {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "coffer:ReadAuditLog", "Resource": "*"}]}
            """);
    CofferClient reader = fx.client(READER);
    assertThat(reader.audit().verify().intact()).isTrue();
    assertThat(reader.audit().query(AuditQuery.builder().eventName("PutObject").build()).records())
        .hasSize(4);
  }

  @Test
  void aStoreWithoutAuditLog_answersAuditUnavailable() {
    String name = "coffer-bare-" + System.nanoTime();
    String token = BearerTokens.newToken();
    try (Coffer bare =
            Coffer.builder(dir.resolve("bare")).warmUpCrypto(false).auditLog(false).open();
        CofferServer server =
            CofferServer.builder()
                .store(bare)
                .inProcess(name)
                .tokens(BearerTokens.none().with(token, ROOT))
                .build()
                .start();
        CofferClient client = CofferClient.builder().inProcess(name).token(token).build()) {
      assertThatThrownBy(() -> client.audit().verify())
          .isInstanceOf(AuditUnavailableException.class)
          .hasMessage("this store keeps no audit log");
      assertThat(server.port()).as("in-process").isEqualTo(-1);
      assertThatThrownBy(() -> client.audit().query(AuditQuery.all()))
          .isInstanceOf(AuditUnavailableException.class);
    }
  }
}
