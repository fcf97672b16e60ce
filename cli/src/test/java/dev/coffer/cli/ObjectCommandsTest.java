package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** put, get, head and rm, in embedded mode. */
class ObjectCommandsTest {
  private static final String READER = "arn:aws:iam::000000000000:role/Reader";

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
  void putFromStdin_thenGetToStdout_returnsTheSameBytes() {
    byte[] data = randomBytes(3 * 1024 * 1024 + 17);

    coffer.put("docs/blob.bin", data).assertOk();
    Coffer.Result get = coffer.run("get", "docs/blob.bin", "-");

    assertThat(get.exitCode()).isZero();
    assertThat(get.stdout()).isEqualTo(data);
    assertThat(get.stderr()).isEmpty();
  }

  @Test
  void get_withoutFile_writesToStandardOutput_evenWithJson() {
    coffer.put("docs/a.txt", "hello").assertOk();

    assertThat(coffer.run("get", "docs/a.txt").assertOk().out()).isEqualTo("hello");
    assertThat(coffer.run("get", "docs/a.txt", "-", "--json").assertOk().out()).isEqualTo("hello");
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
  void getToFile_writesTheObject_andPrintsWhatItDid() throws IOException {
    coffer.put("docs/a.txt", "hello", "--context", "tenant=acme").assertOk();
    Path target = tmp.resolve("a.txt");

    Coffer.Result human =
        coffer.run("get", "docs/a.txt", target.toString(), "--context", "tenant=acme");
    JsonObject json =
        coffer.run("get", "s3://docs/a.txt", target.toString(), "--json").assertOk().json();

    assertThat(human.out()).isEqualTo("download: docs/a.txt to " + target + " (5 bytes)\n");
    assertThat(Files.readString(target)).isEqualTo("hello");
    assertThat(json.get("file").getAsString()).isEqualTo(target.toString());
    assertThat(json.get("bytesWritten").getAsLong()).isEqualTo(5);
    assertThat(json.get("sseKmsKeyId").getAsString()).isEqualTo(keyArn);
    assertThat(siblings()).containsExactlyInAnyOrder("a.txt", "data");
  }

  @Test
  void get_withTheWrongExpectedContext_exitsIntegrityFailure_andLeavesNoFile() throws IOException {
    coffer.put("docs/a.txt", "hello", "--context", "tenant=acme").assertOk();
    Path target = tmp.resolve("a.txt");

    Coffer.Result result =
        coffer.run("get", "docs/a.txt", target.toString(), "--context", "tenant=globex", "--json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.INTEGRITY_FAILURE);
    assertThat(result.errorJson().get("code").getAsString()).isEqualTo("INTEGRITY_FAILURE");
    assertThat(result.stdout()).isEmpty();
    assertThat(siblings()).containsExactly("data");
  }

  @Test
  void get_overAnExistingFile_thatFails_keepsTheOldFile() throws IOException {
    coffer.put("docs/a.txt", "hello", "--context", "tenant=acme").assertOk();
    Path target = tmp.resolve("a.txt");
    Files.writeString(target, "previous");

    assertThat(coffer.run("get", "docs/a.txt", target.toString(), "--context", "x=y").exitCode())
        .isEqualTo(ExitCodes.INTEGRITY_FAILURE);

    assertThat(Files.readString(target)).isEqualTo("previous");
    assertThat(siblings()).containsExactlyInAnyOrder("a.txt", "data");
  }

  @Test
  void get_withTheExpectedContext_inAnyOrder_succeeds() {
    coffer.put("docs/a.txt", "hello", "--context", "a=1", "--context", "b=2").assertOk();

    Coffer.Result result =
        coffer.run("get", "docs/a.txt", "-", "--context", "b=2", "--context", "a=1");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("hello");
  }

  @Test
  void get_withASubsetOfTheContext_isRefused() {
    coffer.put("docs/a.txt", "hello", "--context", "a=1", "--context", "b=2").assertOk();

    assertThat(coffer.run("get", "docs/a.txt", "-", "--context", "a=1").exitCode())
        .isEqualTo(ExitCodes.INTEGRITY_FAILURE);
  }

  @Test
  void getRange_returnsTheInclusiveBytes_acrossSegments() {
    byte[] data = randomBytes(2 * 1024 * 1024 + 100);
    coffer.put("docs/blob.bin", data).assertOk();
    int first = 1024 * 1024 - 10;
    int last = 1024 * 1024 + 9;

    Coffer.Result middle = coffer.run("get", "docs/blob.bin", "-", "--range", first + "-" + last);
    Coffer.Result tail = coffer.run("get", "docs/blob.bin", "-", "--range", "bytes=2097200-");
    Coffer.Result clipped = coffer.run("get", "docs/blob.bin", "-", "--range", "0-99999999");

    assertThat(middle.stdout()).isEqualTo(Arrays.copyOfRange(data, first, last + 1));
    assertThat(tail.stdout()).isEqualTo(Arrays.copyOfRange(data, 2097200, data.length));
    assertThat(clipped.stdout()).isEqualTo(data);
  }

  @Test
  void getRange_toFile_reportsTheContentRange() {
    coffer.put("docs/a.txt", "0123456789").assertOk();
    Path target = tmp.resolve("part.txt");

    JsonObject json =
        coffer
            .run("get", "docs/a.txt", target.toString(), "--range", "2-4", "--json")
            .assertOk()
            .json();

    assertThat(json.get("contentRange").getAsString()).isEqualTo("bytes 2-4/10");
    assertThat(json.get("bytesWritten").getAsLong()).isEqualTo(3);
    assertThat(json.get("contentLength").getAsLong()).isEqualTo(10);
  }

  @Test
  void getRange_thatIsMalformedOrBackwards_isAUsageError() {
    coffer.put("docs/a.txt", "0123456789").assertOk();

    assertThat(coffer.run("get", "docs/a.txt", "-", "--range", "5-2").exitCode())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(coffer.run("get", "docs/a.txt", "-", "--range", "abc").exitCode())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(coffer.run("get", "docs/a.txt", "-", "--range", "-5").exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void getRange_beyondTheEnd_isAUsageError() {
    coffer.put("docs/a.txt", "0123456789").assertOk();

    Coffer.Result result = coffer.run("get", "docs/a.txt", "-", "--range", "10-20");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("InvalidRange");
  }

  @Test
  void get_ofAMissingKeyOrBucket_exitsNotFound() {
    Coffer.Result noKey = coffer.run("get", "docs/nope", "-");
    Coffer.Result noBucket = coffer.run("get", "nothing/nope", "-");

    assertThat(noKey.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(noKey.stderr()).contains("NoSuchKey");
    assertThat(noBucket.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(noBucket.stderr()).contains("NoSuchBucket");
  }

  @Test
  void get_withDisabledKey_exitsKeyUnavailable() {
    coffer.put("docs/a.txt", "hello", "--no-bucket-key").assertOk();
    coffer.run("key", "disable", "alias/app").assertOk();

    assertThat(coffer.run("get", "docs/a.txt", "-").exitCode())
        .isEqualTo(ExitCodes.KEY_UNAVAILABLE);
  }

  @Test
  void principalWithGetObjectButNotDecrypt_isDeniedByTheKeyLayer_yetMayHead() {
    coffer.put("docs/a.txt", "secret").assertOk();
    coffer.attachPolicy(
        READER,
        "read-docs",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::docs/*\"}}");

    Coffer.Result get = coffer.run("--as", READER, "get", "docs/a.txt", "-");
    Coffer.Result head = coffer.run("--as", READER, "head", "docs/a.txt");

    assertThat(get.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(get.stderr()).contains(READER, "kms:Decrypt", keyArn);
    assertThat(get.stdout()).isEmpty();
    assertThat(head.exitCode()).isZero();
  }

  @Test
  void principalWithoutGetObject_isDeniedByTheBucketLayer() {
    coffer.put("docs/a.txt", "secret").assertOk();

    Coffer.Result result = coffer.run("--as", READER, "head", "docs/a.txt");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(result.stderr()).contains("s3:GetObject", "bucket layer");
  }

  @Test
  void head_showsSizeEncryptionKeyBucketKeyAndContext() {
    coffer
        .put("docs/a.txt", "hello", "--context", "tenant=acme", "--metadata", "author=ann")
        .assertOk();

    Coffer.Result result = coffer.run("head", "docs/a.txt");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .containsPattern("Object +docs/a.txt")
        .containsPattern("Size +5 bytes")
        .containsPattern("ETag +[0-9a-f]{32}")
        .containsPattern("Last modified +\\d{4}-\\d\\d-\\d\\d [0-9:]+ UTC")
        .containsPattern("Content type +binary/octet-stream")
        .containsPattern("Metadata +author=ann")
        .containsPattern("Encryption +aws:kms")
        .containsPattern("KMS key +" + keyArn + " \\(version 1\\)")
        .containsPattern("Bucket key +on")
        .containsPattern("Context +aws:s3:arn=arn:aws:s3:::docs, tenant=acme");
  }

  @Test
  void head_withJson_matchesWhatPutReturned() {
    JsonObject put = coffer.put("docs/a.txt", "hello", "--json").assertOk().json();

    JsonObject head = coffer.run("head", "docs/a.txt", "--json").assertOk().json();

    assertThat(head).isEqualTo(put);
  }

  @Test
  void head_ofAMissingKey_exitsNotFound() {
    assertThat(coffer.run("head", "docs/nope").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void rm_deletesTheObject_andSucceedsForMissingKeysAsS3Does() {
    coffer.put("docs/a.txt", "x").assertOk();
    coffer.put("docs/b.txt", "x").assertOk();

    Coffer.Result human = coffer.run("rm", "docs/a.txt");
    JsonObject json = coffer.run("rm", "docs/b.txt", "--json").assertOk().json();
    Coffer.Result again = coffer.run("rm", "docs/a.txt");

    assertThat(human.out()).isEqualTo("delete: docs/a.txt\n");
    assertThat(json.get("bucket").getAsString()).isEqualTo("docs");
    assertThat(json.get("key").getAsString()).isEqualTo("b.txt");
    assertThat(json.get("deleted").getAsBoolean()).isTrue();
    assertThat(again.exitCode()).isZero();
    assertThat(coffer.run("get", "docs/a.txt", "-").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void rm_inAMissingBucket_exitsNotFound() {
    assertThat(coffer.run("rm", "nothing/a.txt").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void put_andStdinPassphrase_cannotBothReadStandardInput() {
    Coffer.Result result =
        coffer.runWithInput("x", "put", "docs/a.txt", "-", "--passphrase-file", "-");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("standard input is already used");
  }

  private String[] siblings() throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.map(p -> p.getFileName().toString()).toArray(String[]::new);
    }
  }

  private static byte[] randomBytes(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return data;
  }
}
