package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer cp}: CopyObject re-encrypts for the destination. */
class CopyCommandTest {
  @TempDir Path tmp;
  private Coffer coffer;
  private String appKey;
  private String archiveKey;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    appKey = arn(coffer.createKey("--alias", "alias/app"));
    archiveKey = arn(coffer.createKey("--alias", "alias/archive"));
    coffer.createBucket("docs", "--kms-key", "alias/app");
    coffer.createBucket("archive", "--kms-key", "alias/archive", "--bucket-key");
    coffer
        .put(
            "docs/a.txt",
            "hello",
            "--context",
            "tenant=acme",
            "--content-type",
            "text/plain",
            "--metadata",
            "author=ann")
        .assertOk();
  }

  @Test
  void cp_toABucketWithAnotherKey_reEncryptsUnderIt_andKeepsTypeAndMetadata() {
    Coffer.Result human = coffer.run("cp", "docs/a.txt", "archive/a.txt", "--context", "tier=cold");
    JsonObject head = coffer.run("head", "archive/a.txt", "--json").assertOk().json();
    JsonObject source = coffer.run("head", "docs/a.txt", "--json").assertOk().json();

    assertThat(human.exitCode()).as(human.stderr()).isZero();
    assertThat(human.out())
        .isEqualTo(
            "copy: docs/a.txt to archive/a.txt\n"
                + "  5 bytes, aws:kms under "
                + archiveKey
                + " (version 1), bucket key on\n");
    assertThat(head.get("sseKmsKeyId").getAsString()).isEqualTo(archiveKey);
    assertThat(head.get("bucketKeyEnabled").getAsBoolean()).isTrue();
    assertThat(head.get("contentType").getAsString()).isEqualTo("text/plain");
    assertThat(head.getAsJsonObject("metadata").get("author").getAsString()).isEqualTo("ann");
    assertThat(head.getAsJsonObject("encryptionContext").keySet())
        .containsExactlyInAnyOrder("aws:s3:arn", "tier");
    assertThat(head.get("eTag").getAsString()).isNotEqualTo(source.get("eTag").getAsString());
    assertThat(source.get("sseKmsKeyId").getAsString()).isEqualTo(appKey);
    assertThat(coffer.run("get", "archive/a.txt", "-", "--context", "tier=cold").out())
        .isEqualTo("hello");
  }

  @Test
  void cp_withIfNoneMatch_neverOverwritesTheDestination() {
    coffer.run("cp", "docs/a.txt", "archive/a.txt", "--if-none-match").assertOk();
    coffer.put("docs/a.txt", "changed", "--context", "tenant=acme").assertOk();

    Coffer.Result again = coffer.run("cp", "docs/a.txt", "archive/a.txt", "--if-none-match");

    assertThat(again.exitCode()).as(again.stderr()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(coffer.run("get", "archive/a.txt", "-").assertOk().out()).isEqualTo("hello");
  }

  @Test
  void cp_withKmsKey_encryptsUnderThatKey_withJson() {
    JsonObject json =
        coffer
            .run("cp", "docs/a.txt", "docs/b.txt", "--kms-key", "alias/archive", "--json")
            .assertOk()
            .json();

    assertThat(json.get("copySource").getAsString()).isEqualTo("docs/a.txt");
    assertThat(json.get("bucket").getAsString()).isEqualTo("docs");
    assertThat(json.get("key").getAsString()).isEqualTo("b.txt");
    assertThat(json.get("sseKmsKeyId").getAsString()).isEqualTo(archiveKey);
    assertThat(json.get("contentLength").getAsLong()).isEqualTo(5);
  }

  @Test
  void cp_withTheExpectedSourceContext_copies_andWithAnotherOne_exitsIntegrityFailure() {
    Coffer.Result right =
        coffer.run("cp", "docs/a.txt", "docs/b.txt", "--source-context", "tenant=acme");
    Coffer.Result wrong =
        coffer.run("cp", "docs/a.txt", "docs/c.txt", "--source-context", "tenant=globex");

    assertThat(right.exitCode()).isZero();
    assertThat(wrong.exitCode()).isEqualTo(ExitCodes.INTEGRITY_FAILURE);
    assertThat(coffer.run("head", "docs/c.txt").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void cp_ofAMissingSource_exitsNotFound() {
    assertThat(coffer.run("cp", "docs/nope", "archive/nope").exitCode())
        .isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void cp_withoutDecryptOnTheSourceKey_isDenied() {
    String copier = "arn:aws:iam::000000000000:role/Copier";
    coffer.attachPolicy(
        copier,
        "copy",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":\"arn:aws:s3:::*\"},"
            + "{\"Effect\":\"Allow\",\"Action\":\"kms:GenerateDataKey\",\"Resource\":\""
            + archiveKey
            + "\"}]}");

    Coffer.Result result = coffer.run("--as", copier, "cp", "docs/a.txt", "archive/a.txt");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(result.stderr()).contains("kms:Decrypt", appKey);
  }

  @Test
  void cp_withMetadataDirectiveReplace_storesTheGivenTypeAndMetadata_andLeavesTheSourceUnchanged() {
    Coffer.Result copied =
        coffer.run(
            "cp",
            "docs/a.txt",
            "archive/a.md",
            "--metadata-directive",
            "REPLACE",
            "--content-type",
            "text/markdown",
            "--metadata",
            "reviewer=bo");
    JsonObject head = coffer.run("head", "archive/a.md", "--json").assertOk().json();
    JsonObject source = coffer.run("head", "docs/a.txt", "--json").assertOk().json();

    assertThat(copied.exitCode()).as(copied.stderr()).isZero();
    assertThat(head.get("contentType").getAsString()).isEqualTo("text/markdown");
    assertThat(head.getAsJsonObject("metadata").keySet()).containsExactly("reviewer");
    assertThat(source.get("contentType").getAsString()).isEqualTo("text/plain");
    assertThat(source.getAsJsonObject("metadata").get("author").getAsString()).isEqualTo("ann");
  }

  @Test
  void cp_withReplaceAlone_givesTheDefaultTypeAndNoMetadata_inAnyLetterCase() {
    coffer.run("cp", "docs/a.txt", "archive/a.txt", "--metadata-directive", "replace").assertOk();
    JsonObject head = coffer.run("head", "archive/a.txt", "--json").assertOk().json();

    assertThat(head.get("contentType").getAsString()).isEqualTo("binary/octet-stream");
    assertThat(head.getAsJsonObject("metadata").keySet()).isEmpty();
  }

  @Test
  void cp_withContentTypeOrMetadata_butWithoutReplace_isAUsageError_andWritesNothing() {
    for (String[] options :
        new String[][] {
          {"--content-type", "text/markdown"},
          {"--metadata", "reviewer=bo"},
          {"--metadata-directive", "COPY", "--content-type", "text/markdown"}
        }) {
      List<String> args = new ArrayList<>(List.of("cp", "docs/a.txt", "archive/a.txt"));
      args.addAll(List.of(options));

      Coffer.Result refused = coffer.run(args.toArray(String[]::new));

      assertThat(refused.exitCode()).as(String.join(" ", options)).isEqualTo(ExitCodes.USAGE);
      assertThat(refused.stderr()).contains("--metadata-directive REPLACE");
    }
    assertThat(coffer.run("head", "archive/a.txt").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void cp_withAnUnknownMetadataDirective_isAUsageErrorNamingTheChoices() {
    Coffer.Result refused =
        coffer.run("cp", "docs/a.txt", "archive/a.txt", "--metadata-directive", "MERGE");

    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.stderr()).contains("'MERGE' is not COPY or REPLACE");
  }

  @Test
  void cp_ontoItself_afterARotation_reEncryptsUnderTheNewVersion_keepingTypeAndMetadata() {
    coffer.run("key", "rotate", "alias/app").assertOk();

    JsonObject copied =
        coffer
            .run("cp", "docs/a.txt", "docs/a.txt", "--context", "tenant=acme", "--json")
            .assertOk()
            .json();

    assertThat(copied.get("sseKmsKeyVersion").getAsInt()).isEqualTo(2);
    assertThat(copied.get("contentType").getAsString()).isEqualTo("text/plain");
    assertThat(coffer.run("get", "docs/a.txt", "-", "--context", "tenant=acme").out())
        .isEqualTo("hello");
  }

  @Test
  void cp_help_saysWhatEachMetadataDirectiveDoes() {
    String help = coffer.run("cp", "--help").assertOk().out().replaceAll("\\s+", " ");

    assertThat(help)
        .contains("--metadata-directive=COPY|REPLACE")
        .contains("COPY (the default): the source's, and --content-type and --metadata are refused")
        .contains("REPLACE: --content-type (default binary/octet-stream) and --metadata instead");
  }

  private static String arn(String keyId) {
    return "arn:aws:kms:local:000000000000:key/" + keyId;
  }
}
