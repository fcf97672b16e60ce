package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both access layers end to end, with the seed guide's bucket policy (DenyNonKMSEncryption +
 * DenyWrongKMSKey) as written, only its key ARN replaced by this keystore's key.
 */
class AccessTest {
  static final String ACCOUNT = "123456789012";
  static final Principal WRITER = Principal.of("arn:aws:iam::123456789012:role/Writer");
  static final Principal READER = Principal.of("arn:aws:iam::123456789012:role/Reader");
  static final String BUCKET = "my-secure-bucket";

  @TempDir Path dir;
  EngineFixture fx;
  KeyMetadata key;
  KeyMetadata otherKey;

  @BeforeEach
  void setUp() throws IOException {
    fx = new EngineFixture(dir, b -> b.region("us-east-1").account(ACCOUNT));
    ObjectStore root = fx.root();
    key = fx.kms().createKey(CreateKeyRequest.defaults());
    otherKey = fx.kms().createKey(CreateKeyRequest.defaults());
    root.createBucket(CreateBucketRequest.of(BUCKET, new BucketEncryption(key.arn(), false)));
    JsonObject seed;
    try (InputStream in =
        getClass().getResourceAsStream("/seed-bucket-policy-require-kms-key.json")) {
      seed =
          JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .getAsJsonObject();
    }
    String bucketPolicy =
        seed.get("resourcePolicy")
            .toString()
            .replace(
                "arn:aws:kms:us-east-1:123456789012:key/5b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                key.arn());
    root.putBucketPolicy(BUCKET, bucketPolicy);
    fx.kms()
        .putPrincipalPolicy(
            WRITER,
            "Writer",
            seed.getAsJsonObject("identityPolicies").get(WRITER.name()).toString());
    // The writer also needs the key layer: the default key policy delegates to identity policies.
    fx.kms()
        .putPrincipalPolicy(
            WRITER,
            "UseTheKey",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":"
                + "[\"kms:GenerateDataKey\",\"kms:Decrypt\"],\"Resource\":\""
                + key.arn()
                + "\"}}");
    fx.kms()
        .putPrincipalPolicy(
            READER,
            "ReadObjectsOnly",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::my-secure-bucket/*\"}}");
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private ObjectInfo put(PutObjectRequest.Builder request) {
    return fx.as(WRITER).putObject(request.build(), new byte[] {1, 2, 3});
  }

  @Test
  void putWithSseKmsAndTheRightKey_isAllowed() throws IOException {
    ObjectInfo info = put(PutObjectRequest.builder(BUCKET, "reports/q3.pdf").kmsKeyId(key.arn()));
    assertThat(info.kmsKeyArn()).isEqualTo(key.arn());
    assertThat(fx.lastEngineEvent().accessExplanation().orElseThrow())
        .contains("bucket layer: allowed by statement #1 of the identity policy \"Writer\"");
    try (ObjectContent c = fx.as(WRITER).getObject(GetObjectRequest.of(BUCKET, "reports/q3.pdf"))) {
      assertThat(c.readAllBytes()).containsExactly(1, 2, 3);
    }
  }

  @Test
  void putWithoutSseKms_isDeniedByTheBucketPolicy() {
    assertThatThrownBy(() -> put(PutObjectRequest.builder(BUCKET, "plain.txt")))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining(
            "explicitly denied by statement \"DenyNonKMSEncryption\" of the bucket policy");
    assertThat(fx.lastEngineEvent().outcome()).isEqualTo(AuditOutcome.DENIED);
  }

  @Test
  void putWithSseKmsButNoKeyHeader_isDenied_asTheSeedCaseSays() {
    assertThatThrownBy(() -> put(PutObjectRequest.builder(BUCKET, "x").sseKms()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("DenyWrongKMSKey");
  }

  @Test
  void putWithAnotherKey_isDeniedByTheBucketPolicy() {
    assertThatThrownBy(() -> put(PutObjectRequest.builder(BUCKET, "x").kmsKeyId(otherKey.arn())))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("DenyWrongKMSKey");
  }

  @Test
  void aReaderWithGetObjectButNoDecrypt_isDeniedByTheKeyLayer_withTheExplanation() {
    put(PutObjectRequest.builder(BUCKET, "secret.txt").kmsKeyId(key.arn()));
    assertThat(fx.as(READER).headObject(BUCKET, "secret.txt").size())
        .as("head needs only s3:GetObject, as in S3")
        .isEqualTo(3);
    assertThatThrownBy(() -> fx.as(READER).getObject(GetObjectRequest.of(BUCKET, "secret.txt")))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("kms:Decrypt")
        .hasMessageContaining(key.arn())
        .hasMessageContaining("none of them allows");
    assertThat(fx.lastEngineEvent().accessExplanation().orElseThrow())
        .contains("bucket layer: allowed")
        .contains("none of them allows");
  }

  @Test
  void aStrangerIsDeniedAtTheBucketLayer_beforeAnyKeystoreCall() {
    put(PutObjectRequest.builder(BUCKET, "x").kmsKeyId(key.arn()));
    long calls = fx.keystoreCalls();
    Principal stranger = Principal.of("arn:aws:iam::123456789012:role/Stranger");
    assertThatThrownBy(() -> fx.as(stranger).getObject(GetObjectRequest.of(BUCKET, "x")))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("bucket layer");
    assertThat(fx.keystoreCalls()).isEqualTo(calls);
  }

  @Test
  void aMissingKey_isNotFoundOnlyForCallersWhoMayListTheBucket_asInS3() {
    assertThatThrownBy(() -> fx.as(READER).headObject(BUCKET, "missing.txt"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("s3:ListBucket");
    assertThatThrownBy(() -> fx.as(READER).getObject(GetObjectRequest.of(BUCKET, "missing.txt")))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(fx.lastEngineEvent().outcome()).isEqualTo(AuditOutcome.DENIED);
    fx.kms()
        .putPrincipalPolicy(
            READER,
            "ListToo",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::my-secure-bucket\"}}");
    assertThatThrownBy(() -> fx.as(READER).headObject(BUCKET, "missing.txt"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void ifMatch_needsGetObject_andListBucketForAMissingKey_soWritersCannotProbe() {
    put(PutObjectRequest.builder(BUCKET, "x").kmsKeyId(key.arn()));
    Principal putOnly = Principal.of("arn:aws:iam::123456789012:role/PutOnly");
    fx.kms()
        .putPrincipalPolicy(
            putOnly,
            "PutOnly",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::my-secure-bucket/*\"}}");
    for (String object : new String[] {"x", "missing"}) {
      assertThatThrownBy(
              () ->
                  fx.as(putOnly)
                      .putObject(
                          PutObjectRequest.builder(BUCKET, object)
                              .kmsKeyId(key.arn())
                              .ifMatch("0123")
                              .build(),
                          new byte[] {1}))
          .as(object)
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("s3:GetObject");
      assertThat(fx.lastEngineEvent().requestParameters()).containsEntry("ifMatch", "0123");
    }
    // The writer may read objects but not list the bucket: a missing key stays unnamed.
    assertThatThrownBy(
            () ->
                fx.as(WRITER)
                    .putObject(
                        PutObjectRequest.builder(BUCKET, "missing")
                            .kmsKeyId(key.arn())
                            .ifMatch("0123")
                            .build(),
                        new byte[] {1}))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("s3:ListBucket");
  }

  @Test
  void headAndDelete_refuseKeysS3WouldRefuse() {
    ObjectStore root = fx.root();
    assertThatThrownBy(() -> root.headObject(BUCKET, ""))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> root.deleteObject(BUCKET, "k".repeat(1025)))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void listAndDelete_needTheirOwnActions() {
    put(PutObjectRequest.builder(BUCKET, "x").kmsKeyId(key.arn()));
    assertThatThrownBy(() -> fx.as(WRITER).listObjects(ListObjectsRequest.builder(BUCKET).build()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("s3:ListBucket");
    assertThatThrownBy(() -> fx.as(WRITER).deleteObject(BUCKET, "x"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("s3:DeleteObject");
    assertThat(fx.root().listObjects(ListObjectsRequest.builder(BUCKET).build()).contents())
        .hasSize(1);
  }
}
