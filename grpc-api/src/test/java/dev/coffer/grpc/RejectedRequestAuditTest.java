package dev.coffer.grpc;

import static dev.coffer.grpc.SidecarFixture.APP;
import static dev.coffer.grpc.SidecarFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import dev.coffer.api.v1.AuditServiceGrpc;
import dev.coffer.api.v1.BucketEncryption;
import dev.coffer.api.v1.BucketServiceGrpc;
import dev.coffer.api.v1.ByteRange;
import dev.coffer.api.v1.CopyObjectRequest;
import dev.coffer.api.v1.CreateBucketRequest;
import dev.coffer.api.v1.CreateGrantRequest;
import dev.coffer.api.v1.CreateKeyRequest;
import dev.coffer.api.v1.DecryptRequest;
import dev.coffer.api.v1.EncryptRequest;
import dev.coffer.api.v1.EncryptionContext;
import dev.coffer.api.v1.GenerateDataKeyRequest;
import dev.coffer.api.v1.GetObjectRequest;
import dev.coffer.api.v1.HeadObjectRequest;
import dev.coffer.api.v1.JobServiceGrpc;
import dev.coffer.api.v1.KeyServiceGrpc;
import dev.coffer.api.v1.ListKeysRequest;
import dev.coffer.api.v1.ListObjectsRequest;
import dev.coffer.api.v1.ObjectServiceGrpc;
import dev.coffer.api.v1.ObjectWrite;
import dev.coffer.api.v1.PutBucketEncryptionRequest;
import dev.coffer.api.v1.PutObjectRequest;
import dev.coffer.api.v1.PutPrincipalPolicyRequest;
import dev.coffer.api.v1.QueryAuditEventsRequest;
import dev.coffer.api.v1.ReEncryptRequest;
import dev.coffer.api.v1.RetireGrantRequest;
import dev.coffer.api.v1.Span;
import dev.coffer.api.v1.Tag;
import dev.coffer.api.v1.TagResourceRequest;
import dev.coffer.api.v1.VerifyAuditLogRequest;
import dev.coffer.api.v1.WaitForJobRequest;
import dev.coffer.grpc.internal.StatusMapper;
import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.audit.AuditQuery;
import dev.coffer.keystore.audit.AuditRecord;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests the sidecar refuses while converting them (before the engine or keystore runs them) are
 * on the audit trail exactly once, as the operation's event failed with INVALID_ARGUMENT; requests
 * that reach the operation are recorded by it, also once. Raw generated stubs, so that the requests
 * are ones the Java client would refuse to send.
 */
class RejectedRequestAuditTest {
  static final String BUCKET = "vault";

  @TempDir Path dir;
  SidecarFixture fx;
  KeyMetadata key;

  @BeforeEach
  void setUp() {
    fx = new SidecarFixture(dir);
    key = fx.embeddedKms().createKey(dev.coffer.keystore.CreateKeyRequest.defaults());
    fx.embedded(ROOT)
        .createBucket(
            dev.coffer.engine.CreateBucketRequest.of(
                BUCKET, new dev.coffer.engine.BucketEncryption(key.arn(), false)));
    fx.embedded(ROOT)
        .putObject(
            dev.coffer.engine.PutObjectRequest.builder(BUCKET, "secret").build(), new byte[] {1});
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /**
   * One refused request: what the record must say, and the call, given a channel that authenticates
   * as {@link SidecarFixture#APP} and the fixture's key id.
   */
  record Refused(
      String source,
      String event,
      boolean readOnly,
      Map<String, String> parameters,
      BiConsumer<Channel, String> call) {}

  static Stream<Object[]> refusedRequests() {
    return Stream.of(
        refused(
            "CreateBucket with a name S3 refuses",
            "engine",
            "CreateBucket",
            false,
            Map.of("bucket", "Not_A_Bucket"),
            (c, k) ->
                BucketServiceGrpc.newBlockingStub(c)
                    .createBucket(
                        CreateBucketRequest.newBuilder().setName("Not_A_Bucket").build())),
        refused(
            "PutBucketEncryption without a key",
            "engine",
            "PutBucketEncryption",
            false,
            Map.of("bucket", BUCKET),
            (c, k) ->
                BucketServiceGrpc.newBlockingStub(c)
                    .putBucketEncryption(
                        PutBucketEncryptionRequest.newBuilder()
                            .setBucket(BUCKET)
                            .setEncryption(BucketEncryption.newBuilder().setKmsKeyId(" "))
                            .build())),
        refused(
            "PutObject with a reserved context key",
            "engine",
            "PutObject",
            false,
            Map.of("bucket", BUCKET, "key", "k"),
            (c, k) ->
                put(
                    c,
                    PutObjectRequest.newBuilder()
                        .setHeader(
                            ObjectWrite.newBuilder()
                                .setBucket(BUCKET)
                                .setKey("k")
                                .putEncryptionContext("aws:s3:arn", "forged"))
                        .build(),
                    data(1))),
        refused(
            "PutObject starting with data",
            "engine",
            "PutObject",
            false,
            Map.of(),
            (c, k) -> put(c, data(10), header("x"))),
        refused(
            "PutObject with a second header",
            "engine",
            "PutObject",
            false,
            Map.of("bucket", BUCKET, "key", "twice"),
            (c, k) -> put(c, header("twice"), data(10), header("twice"))),
        refused(
            "GetObject of a range ending before it starts",
            "engine",
            "GetObject",
            true,
            Map.of("bucket", BUCKET, "key", "secret"),
            (c, k) ->
                drain(
                    ObjectServiceGrpc.newBlockingStub(c)
                        .getObject(
                            GetObjectRequest.newBuilder()
                                .setBucket(BUCKET)
                                .setKey("secret")
                                .setRange(
                                    ByteRange.newBuilder()
                                        .setSpan(Span.newBuilder().setFirst(5).setLast(1)))
                                .build()))),
        refused(
            "GetObject of an empty key",
            "engine",
            "GetObject",
            true,
            Map.of("bucket", BUCKET),
            (c, k) ->
                drain(
                    ObjectServiceGrpc.newBlockingStub(c)
                        .getObject(GetObjectRequest.newBuilder().setBucket(BUCKET).build()))),
        refused(
            "ListObjects of more keys than S3 lists",
            "engine",
            "ListObjects",
            true,
            Map.of("bucket", BUCKET, "prefix", "a/"),
            (c, k) ->
                ObjectServiceGrpc.newBlockingStub(c)
                    .listObjects(
                        ListObjectsRequest.newBuilder()
                            .setBucket(BUCKET)
                            .setPrefix("a/")
                            .setMaxKeys(5000)
                            .build())),
        refused(
            "CopyObject with an unknown metadata directive",
            "engine",
            "CopyObject",
            false,
            Map.of("bucket", BUCKET, "key", "copy", "sourceBucket", BUCKET, "sourceKey", "secret"),
            (c, k) ->
                ObjectServiceGrpc.newBlockingStub(c)
                    .copyObject(
                        CopyObjectRequest.newBuilder()
                            .setSourceBucket(BUCKET)
                            .setSourceKey("secret")
                            .setDestination(
                                ObjectWrite.newBuilder().setBucket(BUCKET).setKey("copy"))
                            .setMetadataDirectiveValue(99)
                            .build())),
        refused(
            "WaitForJob with a timeout beyond Duration's range",
            "engine",
            "GetJob",
            true,
            Map.of("jobId", "00"),
            (c, k) ->
                JobServiceGrpc.newBlockingStub(c)
                    .waitForJob(
                        WaitForJobRequest.newBuilder()
                            .setJobId("00")
                            .setTimeout(
                                com.google.protobuf.Duration.newBuilder()
                                    .setSeconds(Long.MAX_VALUE))
                            .build())),
        refused(
            "CreateKey with more tags than a key holds",
            "keystore",
            "CreateKey",
            false,
            Map.of(),
            (c, k) -> {
              CreateKeyRequest.Builder b = CreateKeyRequest.newBuilder();
              for (int i = 0; i < 51; i++) {
                b.putTags("t" + i, "v");
              }
              KeyServiceGrpc.newBlockingStub(c).createKey(b.build());
            }),
        refused(
            "CreateGrant of an operation this server does not know",
            "keystore",
            "CreateGrant",
            false,
            Map.of("keyId", "KEY", "granteePrincipal", APP.name()),
            (c, k) ->
                KeyServiceGrpc.newBlockingStub(c)
                    .createGrant(
                        CreateGrantRequest.newBuilder()
                            .setKeyId(k)
                            .setGranteePrincipal(APP.name())
                            .addOperationsValue(99)
                            .build())),
        refused(
            "RetireGrant naming no grant",
            "keystore",
            "RetireGrant",
            false,
            Map.of(),
            (c, k) ->
                KeyServiceGrpc.newBlockingStub(c)
                    .retireGrant(RetireGrantRequest.getDefaultInstance())),
        refused(
            "PutPrincipalPolicy for an empty principal",
            "keystore",
            "PutPrincipalPolicy",
            false,
            Map.of("policyName", "p"),
            (c, k) ->
                KeyServiceGrpc.newBlockingStub(c)
                    .putPrincipalPolicy(
                        PutPrincipalPolicyRequest.newBuilder()
                            .setPolicyName("p")
                            .setPolicyDocument("{}")
                            .build())),
        refused(
            "TagResource with a tag key twice",
            "keystore",
            "TagResource",
            false,
            Map.of("keyId", "KEY"),
            (c, k) ->
                KeyServiceGrpc.newBlockingStub(c)
                    .tagResource(
                        TagResourceRequest.newBuilder()
                            .setKeyId(k)
                            .addTags(Tag.newBuilder().setTagKey("team").setTagValue("a"))
                            .addTags(Tag.newBuilder().setTagKey("team").setTagValue("b"))
                            .build())),
        refused(
            "GenerateDataKey of more bytes than a data key has",
            "keystore",
            "GenerateDataKey",
            true,
            Map.of("keyId", "KEY"),
            (c, k) ->
                KeyServiceGrpc.newBlockingStub(c)
                    .generateDataKey(
                        GenerateDataKeyRequest.newBuilder()
                            .setKeyId(k)
                            .setNumberOfBytes(2048)
                            .build())),
        refused(
            "Encrypt of more plaintext than Encrypt takes (the record holds none of it)",
            "keystore",
            "Encrypt",
            true,
            Map.of("keyId", "KEY"),
            (c, k) ->
                KeyServiceGrpc.newBlockingStub(c)
                    .encrypt(
                        EncryptRequest.newBuilder()
                            .setKeyId(k)
                            .setPlaintext(ByteString.copyFromUtf8("password ".repeat(1000)))
                            .build())),
        refused(
            "Decrypt with an empty context key",
            "keystore",
            "Decrypt",
            true,
            Map.of(),
            (c, k) ->
                KeyServiceGrpc.newBlockingStub(c)
                    .decrypt(
                        DecryptRequest.newBuilder()
                            .setCiphertextBlob(ByteString.copyFromUtf8("blob"))
                            .setEncryptionContext(EncryptionContext.newBuilder().putPairs("", "v"))
                            .build())),
        refused(
            "ReEncrypt to an empty context key",
            "keystore",
            "ReEncrypt",
            true,
            Map.of("destinationKeyId", "KEY"),
            (c, k) ->
                KeyServiceGrpc.newBlockingStub(c)
                    .reEncrypt(
                        ReEncryptRequest.newBuilder()
                            .setCiphertextBlob(ByteString.copyFromUtf8("blob"))
                            .setDestinationKeyId(k)
                            .setDestinationEncryptionContext(
                                EncryptionContext.newBuilder().putPairs("", "v"))
                            .build())),
        refused(
            "QueryAuditEvents with a negative limit",
            "admin",
            "QueryAuditEvents",
            true,
            Map.of("bucketFilter", BUCKET),
            (c, k) ->
                drain(
                    AuditServiceGrpc.newBlockingStub(c)
                        .queryAuditEvents(
                            QueryAuditEventsRequest.newBuilder()
                                .setBucket(BUCKET)
                                .setLimit(-1)
                                .build()))),
        refused(
            "VerifyAuditLog of half a range",
            "admin",
            "VerifyAuditLog",
            true,
            Map.of(),
            (c, k) ->
                AuditServiceGrpc.newBlockingStub(c)
                    .verifyAuditLog(
                        VerifyAuditLogRequest.newBuilder().setFirstSequence(1).build())));
  }

  private static Object[] refused(
      String name,
      String source,
      String event,
      boolean readOnly,
      Map<String, String> parameters,
      BiConsumer<Channel, String> call) {
    return new Object[] {name, new Refused(source, event, readOnly, parameters, call)};
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedRequests")
  void aRequestRefusedInConversion_isAuditedOnce_asTheOperationFailedWithInvalidArgument(
      String name, Refused refused) {
    Channel app = fx.channel(APP);
    Caller sidecarCaller = callerOfAnAuditedCall(app);
    fx.audit.clear();

    StatusRuntimeException e = failure(() -> refused.call().accept(app, key.keyId()));

    assertInvalidArgument(e);
    List<AuditEvent> events = fx.audit.events();
    assertThat(events).as("the refused call's records").hasSize(1);
    AuditEvent recorded = events.get(0);
    assertThat(recorded.eventSource()).isEqualTo(refused.source());
    assertThat(recorded.eventName()).isEqualTo(refused.event());
    assertThat(recorded.readOnly()).isEqualTo(refused.readOnly());
    assertThat(recorded.caller())
        .as("the principal, address and client software the sidecar records for every call")
        .isEqualTo(sidecarCaller);
    assertThat(recorded.caller().principal()).isEqualTo(APP);
    assertThat(recorded.outcome()).isEqualTo(AuditOutcome.ERROR);
    assertThat(recorded.errorCode()).contains(ErrorCode.INVALID_ARGUMENT);
    assertThat(recorded.errorMessage()).contains(e.getStatus().getDescription());
    assertThat(recorded.requestParameters())
        .as("only names the message gives: no plaintext, ciphertext, context or tags")
        .isEqualTo(withKeyId(refused.parameters()));
    assertThat(recorded.encryptionContext().isEmpty()).isTrue();
    assertThat(recorded.keyArn()).isEmpty();
  }

  @Test
  void createBucket_withInvalidName_isAuditedAsInvalidArgument_inTheStoresAuditLog() {
    StatusRuntimeException e =
        failure(
            () ->
                BucketServiceGrpc.newBlockingStub(fx.channel(APP))
                    .createBucket(CreateBucketRequest.newBuilder().setName("ab").build()));

    assertInvalidArgument(e);
    List<AuditRecord> records =
        fx.coffer()
            .keystore()
            .auditLog()
            .orElseThrow()
            .query(
                AuditQuery.builder()
                    .eventName("CreateBucket")
                    .principal(APP.name())
                    .bucket("ab")
                    .outcome(AuditOutcome.ERROR)
                    .build())
            .records();
    assertThat(records).hasSize(1);
    assertThat(records.get(0).errorCode()).contains(ErrorCode.INVALID_ARGUMENT.name());
    assertThat(records.get(0).resources()).containsExactly("arn:aws:s3:::ab");
    assertThat(records.get(0).eventSource()).isEqualTo("engine");
  }

  @Test
  void aValidRequest_isStillAuditedOnce_byItsOperation() {
    fx.audit.clear();
    BucketServiceGrpc.newBlockingStub(fx.channel(ROOT))
        .createBucket(CreateBucketRequest.newBuilder().setName("valid-bucket").build());
    assertThat(fx.audit.count(e -> e.eventName().equals("CreateBucket"))).isEqualTo(1);
    assertThat(fx.audit.last().outcome()).isEqualTo(AuditOutcome.ALLOWED);

    fx.audit.clear();
    assertThat(put(fx.channel(ROOT), header("valid"), data(3))).isNull();
    assertThat(fx.audit.count(e -> e.eventName().equals("PutObject"))).isEqualTo(1);

    fx.audit.clear();
    KeyServiceGrpc.newBlockingStub(fx.channel(ROOT))
        .generateDataKey(GenerateDataKeyRequest.newBuilder().setKeyId(key.keyId()).build());
    assertThat(fx.audit.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.eventName()).isEqualTo("GenerateDataKey");
              assertThat(e.outcome()).isEqualTo(AuditOutcome.ALLOWED);
            });
  }

  @Test
  void aRequestThatPassesConversionButFailsInTheOperation_isAuditedOnce_byTheOperation() {
    ObjectServiceGrpc.ObjectServiceBlockingStub objects =
        ObjectServiceGrpc.newBlockingStub(fx.channel(ROOT));
    fx.audit.clear();
    // HeadObject takes the key as it is; the engine refuses it inside its audited operation.
    StatusRuntimeException emptyKey =
        failure(() -> objects.headObject(HeadObjectRequest.newBuilder().setBucket(BUCKET).build()));
    assertInvalidArgument(emptyKey);
    assertThat(fx.audit.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.eventName()).isEqualTo("HeadObject");
              assertThat(e.errorCode()).contains(ErrorCode.INVALID_ARGUMENT);
            });

    fx.audit.clear();
    StatusRuntimeException missing =
        failure(
            () ->
                drain(
                    objects.getObject(
                        GetObjectRequest.newBuilder()
                            .setBucket(BUCKET)
                            .setKey("nothing")
                            .build())));
    assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(fx.audit.events())
        .singleElement()
        .satisfies(e -> assertThat(e.errorCode()).contains(ErrorCode.NOT_FOUND));

    fx.audit.clear();
    StatusRuntimeException unknownKey =
        failure(
            () ->
                KeyServiceGrpc.newBlockingStub(fx.channel(ROOT))
                    .generateDataKey(
                        GenerateDataKeyRequest.newBuilder().setKeyId("alias/none").build()));
    assertThat(unknownKey.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(fx.audit.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.eventName()).isEqualTo("GenerateDataKey");
              assertThat(e.eventSource()).isEqualTo("keystore");
            });
  }

  @Test
  void aRefusedRequest_whoseRecordCannotBeWritten_getsAuditUnavailable_notInvalidArgument() {
    Channel app = fx.channel(APP);
    fx.audit.failFromNowOn(true);
    try {
      assertAuditUnavailable(
          failure(
              () ->
                  BucketServiceGrpc.newBlockingStub(app)
                      .createBucket(CreateBucketRequest.newBuilder().setName("ab").build())));
      assertAuditUnavailable(failure(() -> put(app, data(10))));
      assertAuditUnavailable(
          failure(
              () ->
                  drain(
                      ObjectServiceGrpc.newBlockingStub(app)
                          .getObject(GetObjectRequest.newBuilder().setBucket(BUCKET).build()))));
      assertAuditUnavailable(
          failure(
              () ->
                  KeyServiceGrpc.newBlockingStub(app)
                      .generateDataKey(
                          GenerateDataKeyRequest.newBuilder()
                              .setKeyId(key.keyId())
                              .setNumberOfBytes(2048)
                              .build())));
    } finally {
      fx.audit.failFromNowOn(false);
    }
  }

  // ---- helpers

  /**
   * The caller the sidecar records for calls on this channel, read off a call the keystore audits
   * (and denies: APP has no policy).
   */
  private Caller callerOfAnAuditedCall(Channel channel) {
    fx.audit.clear();
    failure(
        () ->
            KeyServiceGrpc.newBlockingStub(channel).listKeys(ListKeysRequest.getDefaultInstance()));
    return fx.audit.last().caller();
  }

  /** The expected parameters, with the placeholder KEY replaced by the fixture's key id. */
  private Map<String, String> withKeyId(Map<String, String> parameters) {
    Map<String, String> out = new java.util.HashMap<>(parameters);
    out.replaceAll((k, v) -> v.equals("KEY") ? key.keyId() : v);
    return out;
  }

  private static StatusRuntimeException failure(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("the call should fail").isNotNull();
    return e;
  }

  private static void assertInvalidArgument(StatusRuntimeException e) {
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(StatusMapper.errorInfo(e).map(ErrorInfo::getReason)).contains("INVALID_ARGUMENT");
  }

  private static void assertAuditUnavailable(StatusRuntimeException e) {
    assertThat(e).as("the call should fail").isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(StatusMapper.errorInfo(e).map(ErrorInfo::getReason)).contains("AUDIT_UNAVAILABLE");
  }

  private static void drain(Iterator<?> replies) {
    while (replies.hasNext()) {
      replies.next();
    }
  }

  private static PutObjectRequest header(String key) {
    return PutObjectRequest.newBuilder()
        .setHeader(ObjectWrite.newBuilder().setBucket(BUCKET).setKey(key))
        .build();
  }

  private static PutObjectRequest data(int n) {
    return PutObjectRequest.newBuilder().setData(ByteString.copyFrom(new byte[n])).build();
  }

  /**
   * Sends a PutObject stream of these messages. Returns null if it was stored; throws the status (a
   * {@link StatusRuntimeException}) if not, so that it works as a {@link #failure} call too.
   */
  private static StatusRuntimeException put(Channel channel, PutObjectRequest... messages) {
    StatusRuntimeException status = RawPutStream.send(ObjectServiceGrpc.newStub(channel), messages);
    if (status != null) {
      throw status;
    }
    return null;
  }
}
