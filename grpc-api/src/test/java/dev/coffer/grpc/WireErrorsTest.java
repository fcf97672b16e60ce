package dev.coffer.grpc;

import static dev.coffer.grpc.SidecarFixture.APP;
import static dev.coffer.grpc.SidecarFixture.READER;
import static dev.coffer.grpc.SidecarFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import dev.coffer.api.v1.AuditServiceGrpc;
import dev.coffer.api.v1.DecryptRequest;
import dev.coffer.api.v1.GenerateDataKeyRequest;
import dev.coffer.api.v1.GetObjectRequest;
import dev.coffer.api.v1.HeadObjectRequest;
import dev.coffer.api.v1.KeyServiceGrpc;
import dev.coffer.api.v1.ObjectServiceGrpc;
import dev.coffer.api.v1.ObjectWrite;
import dev.coffer.api.v1.PutObjectRequest;
import dev.coffer.api.v1.VerifyAuditLogRequest;
import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.grpc.internal.StatusMapper;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.ThrottleLimits;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client that is not ours sees: the status code and the ErrorInfo reason of every error, on
 * raw generated stubs.
 */
class WireErrorsTest {
  static final String BUCKET = "vault";

  @TempDir Path dir;
  SidecarFixture fx;
  KeyMetadata key;

  @BeforeEach
  void setUp() {
    // A tight per-key quota for the throttling case; the other cases stay well under it.
    fx = new SidecarFixture(dir, k -> k.perKeyLimits(new ThrottleLimits(0.001, 20)));
    key = fx.embeddedKms().createKey(CreateKeyRequest.defaults());
    fx.embedded(ROOT)
        .createBucket(CreateBucketRequest.of(BUCKET, new BucketEncryption(key.arn(), false)));
    fx.embedded(ROOT)
        .putObject(
            dev.coffer.engine.PutObjectRequest.builder(BUCKET, "secret").build(), new byte[] {1});
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  private ObjectServiceGrpc.ObjectServiceBlockingStub objects(Channel channel) {
    return ObjectServiceGrpc.newBlockingStub(channel);
  }

  private KeyServiceGrpc.KeyServiceBlockingStub kms() {
    return KeyServiceGrpc.newBlockingStub(fx.channel(ROOT));
  }

  private static StatusRuntimeException failure(Runnable call) {
    return catchThrowableOfType(StatusRuntimeException.class, call::run);
  }

  private static void assertStatus(StatusRuntimeException e, Status.Code code, String reason) {
    assertThat(e).as("the call should fail").isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(code);
    ErrorInfo info = StatusMapper.errorInfo(e).orElseThrow();
    assertThat(info.getDomain()).isEqualTo("coffer.dev");
    assertThat(info.getReason()).isEqualTo(reason);
  }

  private static GetObjectRequest get(String key) {
    return GetObjectRequest.newBuilder().setBucket(BUCKET).setKey(key).build();
  }

  private static void drain(Iterator<?> replies) {
    while (replies.hasNext()) {
      replies.next();
    }
  }

  @Test
  void getObject_withoutDecryptPermission_returnsPermissionDeniedWithAccessDeniedReason() {
    fx.embeddedKms()
        .putPrincipalPolicy(
            READER,
            "ReadOnly",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::vault/*\"}}");
    StatusRuntimeException e =
        failure(() -> drain(objects(fx.channel(READER)).getObject(get("secret"))));
    assertStatus(e, Status.Code.PERMISSION_DENIED, "ACCESS_DENIED");
    assertThat(e.getStatus().getDescription()).contains("kms:Decrypt");
    assertThat(StatusMapper.errorInfo(e).orElseThrow().getMetadataMap().get("explanation"))
        .contains("none of them allows");
  }

  @Test
  void headObject_ofAMissingObject_returnsNotFound() {
    StatusRuntimeException e =
        failure(
            () ->
                objects(fx.channel(ROOT))
                    .headObject(
                        HeadObjectRequest.newBuilder().setBucket(BUCKET).setKey("no").build()));
    assertStatus(e, Status.Code.NOT_FOUND, "NOT_FOUND");
  }

  @Test
  void createBucket_withABadName_returnsInvalidArgument() {
    StatusRuntimeException e =
        failure(
            () ->
                dev.coffer.api.v1.BucketServiceGrpc.newBlockingStub(fx.channel(ROOT))
                    .createBucket(
                        dev.coffer.api.v1.CreateBucketRequest.newBuilder().setName("A!").build()));
    assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
  }

  @Test
  void getObject_underADisabledKey_returnsFailedPreconditionWithKeyDisabled() {
    fx.embeddedKms().disableKey(key.keyId());
    StatusRuntimeException e =
        failure(() -> drain(objects(fx.channel(ROOT)).getObject(get("secret"))));
    assertStatus(e, Status.Code.FAILED_PRECONDITION, "KEY_DISABLED");
    assertThat(StatusMapper.errorInfo(e).orElseThrow().getMetadataMap())
        .containsEntry("keyArn", key.arn());
  }

  @Test
  void generateDataKey_underAKeyPendingDeletion_returnsFailedPreconditionWithKeyPendingDeletion() {
    fx.embeddedKms().scheduleKeyDeletion(key.keyId(), 7);
    StatusRuntimeException e =
        failure(
            () ->
                kms()
                    .generateDataKey(
                        GenerateDataKeyRequest.newBuilder().setKeyId(key.keyId()).build()));
    assertStatus(e, Status.Code.FAILED_PRECONDITION, "KEY_PENDING_DELETION");
  }

  @Test
  void generateDataKey_underADestroyedKey_returnsFailedPreconditionWithKeyDestroyed() {
    fx.embeddedKms().scheduleKeyDeletion(key.keyId(), 7);
    fx.clock.advance(Duration.ofDays(7));
    StatusRuntimeException e =
        failure(
            () ->
                kms()
                    .generateDataKey(
                        GenerateDataKeyRequest.newBuilder().setKeyId(key.keyId()).build()));
    assertStatus(e, Status.Code.FAILED_PRECONDITION, "KEY_DESTROYED");
  }

  @Test
  void decrypt_withTheWrongContext_returnsDataLossWithIntegrityFailure() {
    var wrapped =
        kms()
            .generateDataKey(
                GenerateDataKeyRequest.newBuilder()
                    .setKeyId(key.keyId())
                    .setEncryptionContext(
                        dev.coffer.api.v1.EncryptionContext.newBuilder().putPairs("a", "1"))
                    .build())
            .getWrapped();
    StatusRuntimeException e =
        failure(
            () ->
                kms()
                    .decrypt(
                        DecryptRequest.newBuilder()
                            .setCiphertextBlob(wrapped.getCiphertextBlob())
                            .setEncryptionContext(
                                dev.coffer.api.v1.EncryptionContext.newBuilder().putPairs("a", "2"))
                            .build()));
    assertStatus(e, Status.Code.DATA_LOSS, "INTEGRITY_FAILURE");
  }

  @Test
  void decrypt_ofGarbage_returnsDataLoss_withoutInternalDetail() {
    StatusRuntimeException e =
        failure(
            () ->
                kms()
                    .decrypt(
                        DecryptRequest.newBuilder()
                            .setCiphertextBlob(ByteString.copyFrom(new byte[64]))
                            .build()));
    assertThat(e.getStatus().getCode())
        .isIn(Status.Code.DATA_LOSS, Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND);
    assertThat(e.getStatus().getDescription()).doesNotContain("Exception").doesNotContain("at ");
  }

  @Test
  void generateDataKey_overTheQuota_returnsResourceExhaustedWithThrottled() {
    StatusRuntimeException e = null;
    for (int i = 0; i < 40 && e == null; i++) {
      e =
          failure(
              () ->
                  kms()
                      .generateDataKeyWithoutPlaintext(
                          GenerateDataKeyRequest.newBuilder().setKeyId(key.keyId()).build()));
    }
    assertStatus(e, Status.Code.RESOURCE_EXHAUSTED, "THROTTLED");
  }

  @Test
  void anyCall_whoseAuditRecordCannotBeWritten_returnsUnavailableWithAuditUnavailable() {
    fx.audit.failFromNowOn(true);
    StatusRuntimeException e =
        failure(
            () ->
                kms()
                    .generateDataKey(
                        GenerateDataKeyRequest.newBuilder().setKeyId(key.keyId()).build()));
    fx.audit.failFromNowOn(false);
    assertStatus(e, Status.Code.UNAVAILABLE, "AUDIT_UNAVAILABLE");
  }

  @Test
  void aCallWithAnUnknownToken_returnsUnauthenticated() {
    StatusRuntimeException e =
        failure(() -> fx.clientWithToken(BearerTokens.newToken()).keys().listKeys());
    assertStatus(e, Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED");
  }

  @Test
  void aCallWithoutCredentials_returnsUnauthenticated() {
    StatusRuntimeException e =
        failure(
            () ->
                KeyServiceGrpc.newBlockingStub(fx.channel())
                    .listKeys(dev.coffer.api.v1.ListKeysRequest.getDefaultInstance()));
    assertStatus(e, Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED");
  }

  @Test
  void audit_readByANonAdministrator_returnsPermissionDenied_onEveryCall() {
    AuditServiceGrpc.AuditServiceBlockingStub audit =
        AuditServiceGrpc.newBlockingStub(fx.channel(APP));
    for (Runnable call :
        new Runnable[] {
          () -> audit.verifyAuditLog(VerifyAuditLogRequest.getDefaultInstance()),
          () ->
              audit.getDigestPublicKey(
                  dev.coffer.api.v1.GetDigestPublicKeyRequest.getDefaultInstance()),
          () ->
              drain(
                  audit.queryAuditEvents(
                      dev.coffer.api.v1.QueryAuditEventsRequest.getDefaultInstance()))
        }) {
      assertStatus(failure(call), Status.Code.PERMISSION_DENIED, "ACCESS_DENIED");
    }
  }

  @Test
  void audit_aMalformedQuery_returnsInvalidArgument() {
    AuditServiceGrpc.AuditServiceBlockingStub audit =
        AuditServiceGrpc.newBlockingStub(fx.channel(ROOT));
    StatusRuntimeException badLimit =
        failure(
            () ->
                drain(
                    audit.queryAuditEvents(
                        dev.coffer.api.v1.QueryAuditEventsRequest.newBuilder()
                            .setLimit(-1)
                            .build())));
    assertStatus(badLimit, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
    StatusRuntimeException badToken =
        failure(
            () ->
                drain(
                    audit.queryAuditEvents(
                        dev.coffer.api.v1.QueryAuditEventsRequest.newBuilder()
                            .setResumeToken("not-a-token")
                            .build())));
    assertStatus(badToken, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
    StatusRuntimeException halfRange =
        failure(
            () ->
                audit.verifyAuditLog(
                    VerifyAuditLogRequest.newBuilder().setFirstSequence(1).build()));
    assertStatus(halfRange, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
  }

  @Test
  void audit_aQueryWithAnUnknownOutcomeOrATimeOutOfRange_returnsInvalidArgument_notInternal() {
    AuditServiceGrpc.AuditServiceBlockingStub audit =
        AuditServiceGrpc.newBlockingStub(fx.channel(ROOT));
    // A number the enum does not have, as a client with a newer .proto (or a typo) sends it.
    StatusRuntimeException unknownOutcome =
        failure(
            () ->
                drain(
                    audit.queryAuditEvents(
                        dev.coffer.api.v1.QueryAuditEventsRequest.newBuilder()
                            .setOutcomeValue(99)
                            .build())));
    assertStatus(unknownOutcome, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
    assertThat(unknownOutcome.getStatus().getDescription()).contains("outcome");
    for (com.google.protobuf.Timestamp outOfRange :
        new com.google.protobuf.Timestamp[] {
          com.google.protobuf.Timestamp.newBuilder().setSeconds(1L << 62).build(),
          com.google.protobuf.Timestamp.newBuilder().setSeconds(-(1L << 62)).build(),
          com.google.protobuf.Timestamp.newBuilder().setSeconds(1).setNanos(-1).build()
        }) {
      StatusRuntimeException since =
          failure(
              () ->
                  drain(
                      audit.queryAuditEvents(
                          dev.coffer.api.v1.QueryAuditEventsRequest.newBuilder()
                              .setSince(outOfRange)
                              .build())));
      assertStatus(since, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
      StatusRuntimeException until =
          failure(
              () ->
                  drain(
                      audit.queryAuditEvents(
                          dev.coffer.api.v1.QueryAuditEventsRequest.newBuilder()
                              .setUntil(outOfRange)
                              .build())));
      assertStatus(until, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
    }
  }

  @Test
  void jobs_withoutAJobId_returnInvalidArgument_notNotFound() {
    dev.coffer.api.v1.JobServiceGrpc.JobServiceBlockingStub jobs =
        dev.coffer.api.v1.JobServiceGrpc.newBlockingStub(fx.channel(ROOT));
    dev.coffer.api.v1.JobRequest none = dev.coffer.api.v1.JobRequest.getDefaultInstance();
    for (Runnable call :
        new Runnable[] {
          () -> jobs.getJob(none),
          () -> jobs.cancelJob(none),
          () -> jobs.waitForJob(dev.coffer.api.v1.WaitForJobRequest.getDefaultInstance())
        }) {
      StatusRuntimeException e = failure(call);
      assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
      assertThat(e.getStatus().getDescription()).isEqualTo("a job id is required");
    }
  }

  @Test
  void waitForJob_withATimeoutOutOfDurationRange_returnsInvalidArgument_notAnInternalError() {
    dev.coffer.api.v1.JobServiceGrpc.JobServiceBlockingStub jobs =
        dev.coffer.api.v1.JobServiceGrpc.newBlockingStub(fx.channel(ROOT));
    StatusRuntimeException e =
        failure(
            () ->
                jobs.waitForJob(
                    dev.coffer.api.v1.WaitForJobRequest.newBuilder()
                        .setJobId("00")
                        .setTimeout(
                            com.google.protobuf.Duration.newBuilder()
                                .setSeconds(Long.MAX_VALUE)
                                .setNanos(Integer.MAX_VALUE))
                        .build()));
    assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
    assertThat(e.getStatus().getDescription()).contains("durations");
  }

  // ---- the PutObject stream's protocol

  private StatusRuntimeException put(PutObjectRequest... messages) {
    return RawPutStream.send(ObjectServiceGrpc.newStub(fx.channel(ROOT)), messages);
  }

  private static PutObjectRequest header(String key) {
    return PutObjectRequest.newBuilder()
        .setHeader(ObjectWrite.newBuilder().setBucket(BUCKET).setKey(key))
        .build();
  }

  private static PutObjectRequest data(int n) {
    return PutObjectRequest.newBuilder().setData(ByteString.copyFrom(new byte[n])).build();
  }

  @Test
  void putObject_startingWithData_returnsInvalidArgument() throws Exception {
    assertStatus(put(data(10), header("x")), Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
  }

  @Test
  void putObject_withoutAnyMessage_returnsInvalidArgument() throws Exception {
    assertStatus(put(), Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
  }

  @Test
  void putObject_withASecondHeader_returnsInvalidArgument_andStoresNothing() throws Exception {
    assertStatus(
        put(header("two"), data(10), header("two")),
        Status.Code.INVALID_ARGUMENT,
        "INVALID_ARGUMENT");
    assertThat(
            fx.embedded(ROOT)
                .listObjects(
                    dev.coffer.engine.ListObjectsRequest.builder(BUCKET).prefix("two").build())
                .contents())
        .isEmpty();
  }

  @Test
  void putObject_withAReservedContextKey_returnsInvalidArgument() throws Exception {
    PutObjectRequest bad =
        PutObjectRequest.newBuilder()
            .setHeader(
                ObjectWrite.newBuilder()
                    .setBucket(BUCKET)
                    .setKey("k")
                    .putEncryptionContext("aws:s3:arn", "forged"))
            .build();
    assertStatus(put(bad, data(1)), Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
  }

  @Test
  void putObject_ofWellFormedMessages_storesTheConcatenatedChunks() throws Exception {
    assertThat(put(header("ok"), data(3), data(4))).isNull();
    assertThat(fx.embedded(ROOT).headObject(BUCKET, "ok").size()).isEqualTo(7);
  }

  @Test
  void aCallerOtherThanTheOwner_isDeniedAtTheBucketLayer() {
    StatusRuntimeException e =
        failure(() -> drain(objects(fx.channel(APP)).getObject(get("secret"))));
    assertStatus(e, Status.Code.PERMISSION_DENIED, "ACCESS_DENIED");
    assertThat(EncryptionContext.empty().isEmpty()).isTrue();
  }
}
