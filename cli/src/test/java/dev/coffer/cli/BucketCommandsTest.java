package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer bucket create|list|delete}. */
class BucketCommandsTest {
  @TempDir Path tmp;
  private Coffer coffer;
  private String keyArn;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    keyArn = arn(coffer.createKey("--alias", "alias/app"));
  }

  @Test
  void create_withKmsKeyAndBucketKey_printsTheBucketAndItsDefaultEncryption() {
    Coffer.Result result =
        coffer.run("bucket", "create", "invoices", "--kms-key", "alias/app", "--bucket-key");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .containsPattern("Bucket +invoices")
        .containsPattern("ARN +arn:aws:s3:::invoices")
        .containsPattern("Owner +" + GlobalOptions.ACCOUNT_ROOT)
        .containsPattern("Default encryption +aws:kms with " + keyArn)
        .containsPattern("Bucket key +on");
  }

  @Test
  void create_withJson_printsTheBucketWithStableFields() {
    JsonObject bucket =
        coffer
            .run("bucket", "create", "invoices", "--kms-key", "alias/app", "--json")
            .assertOk()
            .json()
            .getAsJsonObject("bucket");

    assertThat(bucket.get("name").getAsString()).isEqualTo("invoices");
    assertThat(bucket.get("arn").getAsString()).isEqualTo("arn:aws:s3:::invoices");
    assertThat(bucket.get("owner").getAsString()).isEqualTo(GlobalOptions.ACCOUNT_ROOT);
    assertThat(bucket.get("creationDate").getAsString()).endsWith("Z");
    JsonObject encryption = bucket.getAsJsonObject("encryption");
    assertThat(encryption.get("sseAlgorithm").getAsString()).isEqualTo("aws:kms");
    assertThat(encryption.get("kmsMasterKeyId").getAsString()).isEqualTo(keyArn);
    assertThat(encryption.get("bucketKeyEnabled").getAsBoolean()).isFalse();
  }

  @Test
  void create_withoutKmsKey_usesTheManagedDefaultKey_andCanStillHaveABucketKey() {
    JsonObject encryption =
        coffer
            .run("bucket", "create", "scratch", "--bucket-key", "--json")
            .assertOk()
            .json()
            .getAsJsonObject("bucket")
            .getAsJsonObject("encryption");

    String managed =
        coffer
            .run("key", "describe", "alias/coffer/default", "--json")
            .assertOk()
            .json()
            .getAsJsonObject("keyMetadata")
            .get("arn")
            .getAsString();
    assertThat(encryption.get("kmsMasterKeyId").getAsString()).isEqualTo(managed);
    assertThat(encryption.get("bucketKeyEnabled").getAsBoolean()).isTrue();
    assertThat(coffer.run("bucket", "encryption", "get", "scratch").out())
        .containsPattern("Bucket key +on");
  }

  @Test
  void create_withAnInvalidName_isAUsageError() {
    Coffer.Result result = coffer.run("bucket", "create", "Not_A_Bucket");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("bucket names");
  }

  @Test
  void create_twice_isAConflict() {
    coffer.createBucket("invoices");

    assertThat(coffer.run("bucket", "create", "invoices").exitCode()).isEqualTo(ExitCodes.CONFLICT);
  }

  @Test
  void create_underAKeyThatDoesNotExist_exitsNotFound() {
    assertThat(coffer.run("bucket", "create", "invoices", "--kms-key", "alias/nope").exitCode())
        .isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void list_showsEveryBucketWithItsKey_inTextAndJson() {
    coffer.createBucket("invoices", "--kms-key", "alias/app", "--bucket-key");
    coffer.createBucket("scratch");

    Coffer.Result human = coffer.run("bucket", "list");
    JsonObject json = coffer.run("bucket", "list", "--json").assertOk().json();

    assertThat(human.out())
        .startsWith("NAME")
        .containsPattern("invoices +\\d{4}-\\d\\d-\\d\\d [0-9:]+ UTC +" + keyArn + " +on")
        .containsPattern("scratch .* off");
    assertThat(json.getAsJsonArray("buckets")).hasSize(2);
    assertThat(json.getAsJsonArray("buckets").get(0).getAsJsonObject().get("name").getAsString())
        .isEqualTo("invoices");
  }

  @Test
  void list_withNoBuckets_saysHowToCreateOne() {
    assertThat(coffer.run("bucket", "list").assertOk().out()).contains("coffer bucket create");
    assertThat(coffer.run("bucket", "list", "--json").json().getAsJsonArray("buckets")).isEmpty();
  }

  @Test
  void delete_removesAnEmptyBucket() {
    coffer.createBucket("invoices");
    coffer.createBucket("scratch");

    Coffer.Result human = coffer.run("bucket", "delete", "invoices");
    JsonObject json = coffer.run("bucket", "delete", "scratch", "--json").assertOk().json();

    assertThat(human.out()).isEqualTo("Deleted bucket invoices.\n");
    assertThat(json.get("bucket").getAsString()).isEqualTo("scratch");
    assertThat(json.get("deleted").getAsBoolean()).isTrue();
    assertThat(coffer.run("bucket", "list", "--json").json().getAsJsonArray("buckets")).isEmpty();
  }

  @Test
  void delete_ofABucketWithObjects_exitsConflict() {
    coffer.createBucket("invoices");
    coffer.put("invoices/a.txt", "a").assertOk();

    Coffer.Result result = coffer.run("bucket", "delete", "invoices", "--json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(result.errorJson().get("code").getAsString()).isEqualTo("INVALID_STATE");
    assertThat(result.errorJson().get("message").getAsString()).contains("BucketNotEmpty");
  }

  @Test
  void delete_ofAMissingBucket_exitsNotFound() {
    Coffer.Result result = coffer.run("bucket", "delete", "nothing");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(result.stderr()).contains("NoSuchBucket");
  }

  @Test
  void bucket_withoutASubcommand_isAUsageErrorListingThem() {
    Coffer.Result result = coffer.run("bucket");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("create", "encryption", "policy", "tags");
  }

  private static String arn(String keyId) {
    return "arn:aws:kms:local:000000000000:key/" + keyId;
  }
}
