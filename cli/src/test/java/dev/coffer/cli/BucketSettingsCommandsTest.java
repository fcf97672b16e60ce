package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer bucket encryption|policy|tags}, and bucket policies enforced on puts. */
class BucketSettingsCommandsTest {
  /** The guide's policy: deny puts that do not ask for SSE-KMS, or ask for another key. */
  private static final String REQUIRE_KMS_KEY =
      "{\"Version\":\"2012-10-17\",\"Statement\":["
          + "{\"Sid\":\"DenyNonKMSEncryption\",\"Effect\":\"Deny\",\"Principal\":\"*\","
          + "\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::secure/*\","
          + "\"Condition\":{\"StringNotEquals\":{\"s3:x-amz-server-side-encryption\":\"aws:kms\"}}},"
          + "{\"Sid\":\"DenyWrongKMSKey\",\"Effect\":\"Deny\",\"Principal\":\"*\","
          + "\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::secure/*\","
          + "\"Condition\":{\"StringNotEqualsIfExists\":"
          + "{\"s3:x-amz-server-side-encryption-aws-kms-key-id\":\"KEY_ARN\"}}}]}";

  @TempDir Path tmp;
  private Coffer coffer;
  private String keyArn;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    keyArn = arn(coffer.createKey("--alias", "alias/app"));
  }

  @Test
  void encryptionPut_replacesTheDefaultKey_andGetShowsIt() {
    coffer.createBucket("invoices");
    String other = arn(coffer.createKey("--alias", "alias/other"));

    Coffer.Result put =
        coffer.run(
            "bucket", "encryption", "put", "invoices", "--kms-key", "alias/other", "--bucket-key");
    JsonObject got =
        coffer.run("bucket", "encryption", "get", "invoices", "--json").assertOk().json();

    assertThat(put.exitCode()).isZero();
    assertThat(put.out())
        .containsPattern("Default encryption +aws:kms with " + other)
        .containsPattern("Bucket key +on");
    assertThat(got.get("bucket").getAsString()).isEqualTo("invoices");
    assertThat(got.getAsJsonObject("encryption").get("kmsMasterKeyId").getAsString())
        .isEqualTo(other);
    assertThat(got.getAsJsonObject("encryption").get("bucketKeyEnabled").getAsBoolean()).isTrue();
    JsonObject putJson =
        coffer
            .run("bucket", "encryption", "put", "invoices", "--kms-key", other, "--json")
            .assertOk()
            .json();
    assertThat(putJson.getAsJsonObject("encryption").get("bucketKeyEnabled").getAsBoolean())
        .as("the bucket key is off unless asked for, as in S3")
        .isFalse();
  }

  @Test
  void encryptionPut_withoutKmsKey_isAUsageError() {
    coffer.createBucket("invoices");

    assertThat(coffer.run("bucket", "encryption", "put", "invoices").exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void policyPutGetDelete_roundTripTheDocumentAsStored() {
    coffer.createBucket("secure");
    String policy = REQUIRE_KMS_KEY.replace("KEY_ARN", keyArn);

    Coffer.Result put =
        coffer.runWithInput(policy, "bucket", "policy", "put", "secure", "-", "--json");
    Coffer.Result human = coffer.run("bucket", "policy", "get", "secure");
    JsonObject json = coffer.run("bucket", "policy", "get", "secure", "--json").assertOk().json();
    Coffer.Result deleted = coffer.run("bucket", "policy", "delete", "secure");

    assertThat(put.exitCode()).isZero();
    assertThat(put.json().get("bucket").getAsString()).isEqualTo("secure");
    assertThat(human.out()).isEqualTo(policy + "\n");
    assertThat(json.get("policy").getAsString()).isEqualTo(policy);
    assertThat(deleted.out()).isEqualTo("Deleted the policy of bucket secure.\n");
    coffer.runWithInput(policy, "bucket", "policy", "put", "secure").assertOk();
    JsonObject deletedJson =
        coffer.run("bucket", "policy", "delete", "secure", "--json").assertOk().json();
    assertThat(deletedJson.get("bucket").getAsString()).isEqualTo("secure");
    assertThat(deletedJson.get("deleted").getAsBoolean()).isTrue();
    Coffer.Result after = coffer.run("bucket", "policy", "get", "secure");
    assertThat(after.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(after.stderr()).contains("NoSuchBucketPolicy");
  }

  @Test
  void policyRequiringSseKms_refusesPlainPuts_andAcceptsSseKms() {
    coffer.createBucket("secure", "--kms-key", "alias/app");
    String denyNonKms =
        REQUIRE_KMS_KEY.substring(0, REQUIRE_KMS_KEY.indexOf(",{\"Sid\":\"DenyWrong"));
    coffer.runWithInput(denyNonKms + "]}", "bucket", "policy", "put", "secure").assertOk();

    Coffer.Result plain = coffer.put("secure/a.txt", "a");
    Coffer.Result sseKms = coffer.put("secure/a.txt", "a", "--sse-kms");

    assertThat(plain.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(plain.stderr()).contains("DenyNonKMSEncryption");
    assertThat(sseKms.exitCode()).as(sseKms.stderr()).isZero();
  }

  @Test
  void policyRequiringTheKey_acceptsOnlyPutsNamingItsArn() {
    coffer.createBucket("secure", "--kms-key", "alias/app");
    coffer
        .runWithInput(
            REQUIRE_KMS_KEY.replace("KEY_ARN", keyArn), "bucket", "policy", "put", "secure")
        .assertOk();
    coffer.createKey("--alias", "alias/other");

    Coffer.Result sseKms = coffer.put("secure/a.txt", "a", "--sse-kms");
    Coffer.Result otherKey = coffer.put("secure/a.txt", "a", "--kms-key", "alias/other");
    Coffer.Result namedKey = coffer.put("secure/a.txt", "a", "--kms-key", keyArn);

    // As in S3: without the key-id header, StringNotEqualsIfExists matches, so the deny applies.
    assertThat(sseKms.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(sseKms.stderr()).contains("DenyWrongKMSKey");
    assertThat(otherKey.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(otherKey.stderr()).contains("DenyWrongKMSKey");
    assertThat(namedKey.exitCode()).as(namedKey.stderr()).isZero();
  }

  @Test
  void policyPut_withInvalidJson_isAUsageError() {
    coffer.createBucket("secure");

    assertThat(coffer.runWithInput("{not json", "bucket", "policy", "put", "secure").exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void policyPut_withInvalidJson_saysWhere_withoutGsonsAdviceToProgrammers() {
    coffer.createBucket("secure");

    Coffer.Result result = coffer.runWithInput("not json", "bucket", "policy", "put", "secure");

    assertThat(result.stderr())
        .contains("invalid JSON at line 1 column 1 path $")
        .doesNotContain("JsonReader", "LENIENT");
  }

  @Test
  void tagsPut_replacesTheTagSet_andGetShowsIt() {
    coffer.createBucket("invoices");
    coffer.run("bucket", "tags", "put", "invoices", "team=finance", "old=x").assertOk();

    Coffer.Result put = coffer.run("bucket", "tags", "put", "invoices", "team=web", "formula=a=b");
    JsonObject json = coffer.run("bucket", "tags", "get", "invoices", "--json").assertOk().json();
    JsonObject putJson =
        coffer
            .run("bucket", "tags", "put", "invoices", "team=web", "formula=a=b", "--json")
            .assertOk()
            .json();

    assertThat(put.out()).startsWith("KEY").containsPattern("formula +a=b").contains("team");
    assertThat(json.get("bucket").getAsString()).isEqualTo("invoices");
    assertThat(json.getAsJsonObject("tags").keySet()).containsExactly("formula", "team");
    assertThat(json.getAsJsonObject("tags").get("team").getAsString()).isEqualTo("web");
    assertThat(putJson).isEqualTo(json);
  }

  @Test
  void tagsPut_withNoPairs_removesEveryTag() {
    coffer.createBucket("invoices");
    coffer.run("bucket", "tags", "put", "invoices", "team=finance").assertOk();

    coffer.run("bucket", "tags", "put", "invoices").assertOk();

    assertThat(coffer.run("bucket", "tags", "get", "invoices").out())
        .isEqualTo("Bucket invoices has no tags.\n");
  }

  private static String arn(String keyId) {
    return "arn:aws:kms:local:000000000000:key/" + keyId;
  }
}
