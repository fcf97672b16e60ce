package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer put}: from files and standard input, with keys, context and metadata. */
class PutCommandTest {
  @TempDir Path tmp;
  private Coffer coffer;
  private String keyArn;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    keyArn = "arn:aws:kms:local:000000000000:key/" + coffer.createKey("--alias", "alias/app");
    coffer.createBucket("docs", "--kms-key", "alias/app", "--bucket-key");
  }

  @Test
  void putFromFile_printsWhereAndHowItWasEncrypted() throws IOException {
    Path file = tmp.resolve("report.txt");
    Files.writeString(file, "Q3 revenue");

    Coffer.Result result = coffer.run("put", "docs/reports/q3.txt", file.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "upload: "
                + file
                + " to docs/reports/q3.txt\n"
                + "  10 bytes, aws:kms under "
                + keyArn
                + " (version 1), bucket key on\n");
  }

  @Test
  void put_withJson_printsTheObjectWithStableFields() {
    JsonObject json =
        coffer
            .put(
                "docs/a.txt",
                "hello",
                "--context",
                "tenant=acme",
                "--metadata",
                "author=ann",
                "--content-type",
                "text/plain",
                "--no-bucket-key",
                "--json")
            .assertOk()
            .json();

    assertThat(json.get("bucket").getAsString()).isEqualTo("docs");
    assertThat(json.get("key").getAsString()).isEqualTo("a.txt");
    assertThat(json.get("contentLength").getAsLong()).isEqualTo(5);
    assertThat(json.get("eTag").getAsString()).matches("[0-9a-f]{32}");
    assertThat(json.get("versionId").getAsString()).matches("[0-9a-f]{32}");
    assertThat(json.get("lastModified").getAsString()).endsWith("Z");
    assertThat(json.get("contentType").getAsString()).isEqualTo("text/plain");
    assertThat(json.getAsJsonObject("metadata").get("author").getAsString()).isEqualTo("ann");
    assertThat(json.get("serverSideEncryption").getAsString()).isEqualTo("aws:kms");
    assertThat(json.get("sseKmsKeyId").getAsString()).isEqualTo(keyArn);
    assertThat(json.get("sseKmsKeyVersion").getAsInt()).isEqualTo(1);
    assertThat(json.get("bucketKeyEnabled").getAsBoolean()).isFalse();
    JsonObject context = json.getAsJsonObject("encryptionContext");
    assertThat(context.get("tenant").getAsString()).isEqualTo("acme");
    assertThat(context.get("aws:s3:arn").getAsString()).isEqualTo("arn:aws:s3:::docs/a.txt");
  }

  @Test
  void put_conditional_createsOnlyOnce_andReplacesOnlyTheVersionNamed() {
    String first =
        coffer
            .put("docs/c.txt", "one", "--if-none-match", "--json")
            .assertOk()
            .json()
            .get("eTag")
            .getAsString();

    Coffer.Result again = coffer.put("docs/c.txt", "two", "--if-none-match");
    String second =
        coffer
            .put("docs/c.txt", "two", "--if-match", first, "--json")
            .assertOk()
            .json()
            .get("eTag")
            .getAsString();
    Coffer.Result stale = coffer.put("docs/c.txt", "three", "--if-match", first, "--json");
    Coffer.Result both = coffer.put("docs/c.txt", "x", "--if-match", first, "--if-none-match");

    assertThat(again.exitCode()).as(again.stderr()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(again.stderr()).contains("create-only");
    assertThat(stale.exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(stale.errorJson().get("code").getAsString()).isEqualTo("PRECONDITION_FAILED");
    assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(coffer.run("get", "docs/c.txt", "-").assertOk().out()).isEqualTo("two");
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void put_withKmsKey_encryptsUnderThatKeyInsteadOfTheBucketDefault() {
    String other = coffer.createKey("--alias", "alias/other");

    JsonObject json =
        coffer.put("docs/a.txt", "x", "--kms-key", "alias/other", "--json").assertOk().json();

    assertThat(json.get("sseKmsKeyId").getAsString()).endsWith(other);
  }

  @Test
  void put_guessesTheContentTypeFromTheFileName() throws IOException {
    Path file = tmp.resolve("page.html");
    Files.writeString(file, "<p>hi</p>");

    coffer.run("put", "docs/page.html", file.toString()).assertOk();

    assertThat(
            coffer.run("head", "docs/page.html", "--json").json().get("contentType").getAsString())
        .isEqualTo("text/html");
  }

  @Test
  void put_ofAMissingFile_exitsNotFound() {
    Coffer.Result result = coffer.run("put", "docs/a.txt", tmp.resolve("nope").toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(result.stderr()).contains("no such file");
  }

  @Test
  void put_fromADirectory_isAUsageError() throws IOException {
    Path directory = Files.createDirectories(tmp.resolve("reports"));

    Coffer.Result result = coffer.run("put", "docs/reports", directory.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr())
        .isEqualTo("coffer: " + directory + " is a directory; the object's data must be a file\n");
  }

  @Test
  void put_intoAMissingBucket_exitsNotFound() {
    Coffer.Result result = coffer.put("nothing/a.txt", "x");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(result.stderr()).contains("NoSuchBucket");
  }

  @Test
  void put_withAReservedContextKey_isAUsageError() {
    assertThat(coffer.put("docs/a.txt", "x", "--context", "aws:s3:arn=forged").exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void put_withoutAKeyInThePath_isAUsageError() {
    Coffer.Result result = coffer.put("docs", "x");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("BUCKET/KEY");
  }

  @Test
  void put_andStdinPassphrase_cannotBothReadStandardInput() {
    Coffer.Result result =
        coffer.runWithInput("x", "put", "docs/a.txt", "-", "--passphrase-file", "-");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("standard input is already used");
  }
}
